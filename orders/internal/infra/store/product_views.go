package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/page"
)

// NewProductReadModel answers product queries from the read engine with SQL shaped for the
// answer.
func NewProductReadModel(e *db.Engines) application.ProductReadModel {
	return productViews{read: e.Read}
}

type productViews struct {
	read *db.Engine
}

func (m productViews) ProductByID(ctx context.Context, id string) (application.ProductView, error) {
	id, ok := ids.Canonical(id)
	if !ok {
		return application.ProductView{}, domain.ErrProductNotFound()
	}
	v, err := scanProductView(queries.QueryRow(ctx, m.read, "product_views.by_id", db.Args{"id": id}))
	if errors.Is(err, sql.ErrNoRows) {
		return application.ProductView{}, domain.ErrProductNotFound().WithCause(err)
	}
	if err != nil {
		return application.ProductView{}, fmt.Errorf("read product %s: %w", id, err)
	}
	return v, nil
}

func (m productViews) ListProducts(ctx context.Context, includeInactive bool, req page.Request) ([]application.ProductView, error) {
	after, err := afterID(req)
	if err != nil {
		return nil, err
	}
	query := "product_views.list_active"
	if includeInactive {
		query = "product_views.list_all"
	}
	rows, err := queries.Query(ctx, m.read, query, db.Args{"after": after, "limit": req.Limit + 1})
	if err != nil {
		return nil, fmt.Errorf("list products: %w", err)
	}
	defer rows.Close()
	views := make([]application.ProductView, 0, req.Limit+1)
	for rows.Next() {
		v, err := scanProductView(rows)
		if err != nil {
			return nil, fmt.Errorf("list products: %w", err)
		}
		views = append(views, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list products: %w", err)
	}
	return views, nil
}

// afterID is the keyset bound of a page: the max UUID for the first, else the cursor's id. The
// statements fetch one row more than the page, so page.Build can tell whether another exists.
func afterID(req page.Request) (string, error) {
	if req.After == "" {
		return ids.Max, nil
	}
	id, ok := ids.Canonical(req.After)
	if !ok {
		return "", errs.Validation(errs.Field("cursor", errs.FieldInvalid, "cursor is not one this API returned"))
	}
	return id, nil
}

func scanProductView(row db.Scanner) (application.ProductView, error) {
	p, err := scanProduct(row)
	if err != nil {
		return application.ProductView{}, err
	}
	return application.ProductView{ID: p.ID, SKU: p.SKU, Name: p.Name, Price: p.Price, Active: p.Active,
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}, nil
}
