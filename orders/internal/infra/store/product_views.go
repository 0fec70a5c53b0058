package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/db"
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
	after, err := req.AfterID()
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
	views, err := db.CollectRows(rows, scanProductView)
	if err != nil {
		return nil, fmt.Errorf("list products: %w", err)
	}
	return views, nil
}

func scanProductView(row db.Scanner) (application.ProductView, error) {
	p, err := scanProduct(row)
	if err != nil {
		return application.ProductView{}, err
	}
	return application.ProductView{ID: p.ID, SKU: p.SKU, Name: p.Name, Price: p.Price, Active: p.Active,
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}, nil
}
