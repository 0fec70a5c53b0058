package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/money"
)

// refunds is the write-side repository of refunds, bound to one transaction.
type refunds struct {
	conn db.Conn
}

func (r refunds) Add(ctx context.Context, refund domain.Refund) error {
	_, err := queries.Exec(ctx, r.conn, "refunds.insert", db.Args{
		"id":              refund.ID,
		"payment_id":      refund.PaymentID,
		"amount":          refund.Amount.Amount,
		"currency":        refund.Amount.Currency,
		"reason":          refund.Reason,
		"requested_by":    refund.RequestedBy,
		"idempotency_key": refund.IdempotencyKey,
		"created_at":      refund.CreatedAt,
	})
	// (requested_by, idempotency_key) is the only unique column a caller controls: the key was
	// spent, concurrently, on another payment's refund.
	if db.IsUniqueViolation(err) {
		return domain.ErrIdempotencyKeyReused().WithCause(err)
	}
	if err != nil {
		return fmt.Errorf("store refund %s: %w", refund.ID, err)
	}
	return nil
}

func (r refunds) ByIdempotencyKey(ctx context.Context, requestedBy, key string) (domain.Refund, bool, error) {
	var (
		refund   domain.Refund
		amount   int64
		currency string
	)
	err := queries.QueryRow(ctx, r.conn, "refunds.get_by_idempotency_key", db.Args{"requested_by": requestedBy, "idempotency_key": key}).
		Scan(&refund.ID, &refund.PaymentID, &amount, &currency, &refund.Reason, &refund.RequestedBy, &refund.IdempotencyKey, &refund.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Refund{}, false, nil
	}
	if err != nil {
		return domain.Refund{}, false, fmt.Errorf("find refund by idempotency key: %w", err)
	}
	refund.Amount = money.Money{Amount: amount, Currency: currency}
	refund.CreatedAt = refund.CreatedAt.UTC()
	return refund, true, nil
}
