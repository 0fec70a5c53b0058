package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
	"github.com/modmono/platform/page"
)

// NewPaymentReadModel answers payment queries from the read engine with SQL shaped for the
// answer, one statement per query.
func NewPaymentReadModel(e *db.Engines) application.PaymentReadModel {
	return paymentViews{read: e.Read}
}

type paymentViews struct {
	read *db.Engine
}

func (m paymentViews) PaymentByID(ctx context.Context, id string) (application.PaymentView, error) {
	id, ok := ids.Canonical(id)
	if !ok {
		return application.PaymentView{}, domain.ErrPaymentNotFound()
	}
	v, err := scanPaymentView(queries.QueryRow(ctx, m.read, "payment_views.by_id", db.Args{"id": id}))
	if errors.Is(err, sql.ErrNoRows) {
		return application.PaymentView{}, domain.ErrPaymentNotFound().WithCause(err)
	}
	if err != nil {
		return application.PaymentView{}, fmt.Errorf("read payment %s: %w", id, err)
	}
	return v, nil
}

func (m paymentViews) ListPayments(ctx context.Context, f application.PaymentFilter, req page.Request) ([]application.PaymentView, error) {
	query, args, err := listQuery(f, req)
	if err != nil {
		return nil, err
	}
	rows, err := queries.Query(ctx, m.read, query, args)
	if err != nil {
		return nil, fmt.Errorf("list payments: %w", err)
	}
	views, err := db.CollectRows(rows, scanPaymentView)
	if err != nil {
		return nil, fmt.Errorf("list payments: %w", err)
	}
	return views, nil
}

// listQuery picks the statement for the filter, so each list is one statement its own index
// answers; it fetches one row more than the page so that page.Build can tell whether another
// page exists.
func listQuery(f application.PaymentFilter, req page.Request) (string, db.Args, error) {
	after, err := req.AfterID()
	if err != nil {
		return "", nil, err
	}
	args := db.Args{"after": after, "limit": req.Limit + 1}
	byCustomer, byOrder := f.CustomerID != "", f.OrderID != ""
	if byCustomer {
		args["customer_id"] = idOrNone(f.CustomerID)
	}
	if byOrder {
		args["order_id"] = idOrNone(f.OrderID)
	}
	switch {
	case byCustomer && byOrder:
		return "payment_views.list_by_customer_and_order", args, nil
	case byCustomer:
		return "payment_views.list_by_customer", args, nil
	case byOrder:
		return "payment_views.list_by_order", args, nil
	}
	return "payment_views.list", args, nil
}

// idOrNone is id in stored form, or, for what is not a UUID, the max UUID, which names no
// customer or order: the filter then matches nothing in one statement, where PostgreSQL would
// otherwise refuse the cast.
func idOrNone(id string) string {
	if c, ok := ids.Canonical(id); ok {
		return c
	}
	return ids.Max
}

func scanPaymentView(row db.Scanner) (application.PaymentView, error) {
	var (
		v                application.PaymentView
		amount, refunded int64
		currency         string
		failureCode      sql.NullString
	)
	err := row.Scan(&v.ID, &v.OrderID, &v.CustomerID, &amount, &currency, &v.Status, &failureCode, &refunded, &v.CreatedAt, &v.UpdatedAt)
	if err != nil {
		return application.PaymentView{}, err
	}
	v.Amount = money.Money{Amount: amount, Currency: currency}
	v.RefundedAmount = money.Money{Amount: refunded, Currency: currency}
	if failureCode.Valid {
		v.FailureCode = &failureCode.String
	}
	v.CreatedAt, v.UpdatedAt = v.CreatedAt.UTC(), v.UpdatedAt.UTC()
	return v, nil
}
