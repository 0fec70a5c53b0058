package store

import (
	"context"
	"fmt"

	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/page"
)

// NewOrderReadModel answers order queries from the read engine with SQL shaped for the answer.
func NewOrderReadModel(e *db.Engines) application.OrderReadModel {
	return orderViews{read: e.Read}
}

type orderViews struct {
	read *db.Engine
}

func (m orderViews) OrderByID(ctx context.Context, id string) (application.OrderView, error) {
	id, ok := ids.Canonical(id)
	if !ok {
		return application.OrderView{}, domain.ErrOrderNotFound()
	}
	views, err := m.query(ctx, "order_views.by_id", db.Args{"id": id}, 1)
	if err != nil {
		return application.OrderView{}, fmt.Errorf("read order %s: %w", id, err)
	}
	if len(views) == 0 {
		return application.OrderView{}, domain.ErrOrderNotFound()
	}
	return views[0], nil
}

func (m orderViews) ListOrders(ctx context.Context, f application.OrderFilter, req page.Request) ([]application.OrderView, error) {
	after, err := req.AfterID()
	if err != nil {
		return nil, err
	}
	args := db.Args{"after": after, "limit": req.Limit + 1}
	query := "order_views.list"
	switch {
	case f.CustomerID != "" && f.Status != "":
		query, args["customer_id"], args["status"] = "order_views.list_by_customer_and_status", f.CustomerID, string(f.Status)
	case f.CustomerID != "":
		query, args["customer_id"] = "order_views.list_by_customer", f.CustomerID
	case f.Status != "":
		query, args["status"] = "order_views.list_by_status", string(f.Status)
	}
	views, err := m.query(ctx, query, args, req.Limit+1)
	if err != nil {
		return nil, fmt.Errorf("list orders: %w", err)
	}
	return views, nil
}

// query runs a statement whose rows are (order columns, item columns), an order's rows together,
// and folds each order's rows into one view.
func (m orderViews) query(ctx context.Context, name string, args db.Args, capacity int) ([]application.OrderView, error) {
	rows, err := queries.Query(ctx, m.read, name, args)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	views := make([]application.OrderView, 0, capacity)
	for rows.Next() {
		var (
			o  application.OrderView
			it application.OrderItemView
		)
		err := rows.Scan(&o.ID, &o.CustomerID, &o.Status, &o.Total.Amount, &o.Total.Currency, &o.CreatedAt, &o.UpdatedAt,
			&it.ProductID, &it.SKU, &it.Name, &it.Quantity, &it.UnitPrice.Amount, &it.UnitPrice.Currency,
			&it.LineTotal.Amount, &it.LineTotal.Currency)
		if err != nil {
			return nil, err
		}
		if n := len(views); n == 0 || views[n-1].ID != o.ID {
			o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
			views = append(views, o)
		}
		last := &views[len(views)-1]
		last.Items = append(last.Items, it)
	}
	return views, rows.Err()
}
