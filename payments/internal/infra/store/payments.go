package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
)

// payments is the write-side repository of payments, bound to one transaction.
type payments struct {
	conn db.Conn
}

func (r payments) Add(ctx context.Context, p domain.Payment) (bool, error) {
	n, err := queries.Exec(ctx, r.conn, "payments.insert", db.Args{
		"id":              p.ID,
		"order_id":        p.OrderID,
		"customer_id":     p.CustomerID,
		"amount":          p.Amount.Amount,
		"currency":        p.Amount.Currency,
		"status":          string(p.Status),
		"failure_code":    db.NullString(p.FailureCode),
		"refunded_amount": p.RefundedAmount.Amount,
		"card_token":      db.NullString(p.CardToken),
		"idempotency_key": p.IdempotencyKey,
		"version":         p.Version,
		"created_at":      p.CreatedAt,
		"updated_at":      p.UpdatedAt,
	})
	if err != nil {
		return false, fmt.Errorf("store new payment %s: %w", p.ID, err)
	}
	return n == 1, nil
}

func (r payments) ByID(ctx context.Context, id string) (domain.Payment, error) {
	id, ok := ids.Canonical(id)
	if !ok {
		return domain.Payment{}, domain.ErrPaymentNotFound()
	}
	p, err := scanPayment(queries.QueryRow(ctx, r.conn, "payments.get_by_id", db.Args{"id": id}))
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Payment{}, domain.ErrPaymentNotFound().WithCause(err)
	}
	if err != nil {
		return domain.Payment{}, fmt.Errorf("load payment %s: %w", id, err)
	}
	return p, nil
}

func (r payments) ByIdempotencyKey(ctx context.Context, customerID, key string) (domain.Payment, bool, error) {
	customerID, ok := ids.Canonical(customerID)
	if !ok {
		return domain.Payment{}, false, nil
	}
	return r.find(ctx, "payments.get_by_idempotency_key", db.Args{"customer_id": customerID, "idempotency_key": key})
}

func (r payments) RefundableOfOrder(ctx context.Context, orderID string) (domain.Payment, bool, error) {
	orderID, ok := ids.Canonical(orderID)
	if !ok {
		return domain.Payment{}, false, nil
	}
	return r.find(ctx, "payments.refundable_of_order", db.Args{"order_id": orderID})
}

func (r payments) find(ctx context.Context, query string, args db.Args) (domain.Payment, bool, error) {
	p, err := scanPayment(queries.QueryRow(ctx, r.conn, query, args))
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Payment{}, false, nil
	}
	if err != nil {
		return domain.Payment{}, false, fmt.Errorf("find payment: %w", err)
	}
	return p, true, nil
}

func (r payments) Processing(ctx context.Context, before time.Time, limit int) ([]domain.Payment, error) {
	rows, err := queries.Query(ctx, r.conn, "payments.processing", db.Args{"before": before, "limit": limit})
	if err != nil {
		return nil, fmt.Errorf("list processing payments: %w", err)
	}
	out, err := db.CollectRows(rows, scanPayment)
	if err != nil {
		return nil, fmt.Errorf("list processing payments: %w", err)
	}
	return out, nil
}

func (r payments) Settle(ctx context.Context, p domain.Payment) (bool, error) {
	n, err := queries.Exec(ctx, r.conn, "payments.settle", db.Args{
		"id":           p.ID,
		"status":       string(p.Status),
		"failure_code": db.NullString(p.FailureCode),
		"version":      p.Version,
		"updated_at":   p.UpdatedAt,
	})
	if err != nil {
		return false, fmt.Errorf("settle payment %s: %w", p.ID, err)
	}
	return n == 1, nil
}

func (r payments) Refund(ctx context.Context, p domain.Payment, refund domain.Refund) (bool, error) {
	n, err := queries.Exec(ctx, r.conn, "payments.refund", db.Args{
		"id":         p.ID,
		"amount":     refund.Amount.Amount,
		"currency":   refund.Amount.Currency,
		"version":    p.Version - 1, // the version loaded: domain.Payment.Refund counted one more
		"updated_at": p.UpdatedAt,
	})
	if err != nil {
		return false, fmt.Errorf("refund %s of payment %s: %w", refund.Amount, p.ID, err)
	}
	return n == 1, nil
}

func scanPayment(row db.Scanner) (domain.Payment, error) {
	var (
		p                      domain.Payment
		amount, refunded       int64
		currency, status       string
		failureCode, cardToken sql.NullString
	)
	err := row.Scan(&p.ID, &p.OrderID, &p.CustomerID, &amount, &currency, &status, &failureCode, &refunded,
		&cardToken, &p.IdempotencyKey, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return domain.Payment{}, err
	}
	p.Amount = money.Money{Amount: amount, Currency: currency}
	p.RefundedAmount = money.Money{Amount: refunded, Currency: currency}
	p.Status, p.FailureCode, p.CardToken = domain.Status(status), failureCode.String, cardToken.String
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, nil
}
