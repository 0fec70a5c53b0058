package store_test

import (
	"context"
	"testing"

	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/db"
)

// guardSpecs check what the database refuses by itself, whatever the code above it believes.
var guardSpecs = []spec{
	{"guards: the refund update refuses a total above the amount, a stale version and a failed payment", func(t *testing.T, s testStore) {
		ps := add(t, s, succeeded, newPayment(), newPayment())
		failed := add(t, s, &domain.ChargeOutcome{FailureCode: "card_declined"}, newPayment())[0]
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			over := ps[0]
			over.Amount.Amount = 5000 // the code believes there is more to refund than there is
			if _, _, ok := refund(t, r, over, 1001, "k1"); ok {
				t.Fatal("the database applied a refund above the payment")
			}
			stale, _, ok := refund(t, r, ps[1], 100, "k2")
			if !ok {
				t.Fatal("a valid refund was refused")
			}
			stale.Version-- // as loaded before the refund above
			stale.Status = domain.StatusSucceeded
			if _, _, ok := refund(t, r, stale, 100, "k3"); ok {
				t.Fatal("the database applied a refund to a stale version")
			}
			failed.Status = domain.StatusSucceeded // forged: the row says failed
			if _, _, ok := refund(t, r, failed, 100, "k4"); ok {
				t.Fatal("the database refunded a failed payment")
			}
			return nil
		})
	}},
	{"guards: CHECK constraints keep every row consistent", func(t *testing.T, s testStore) {
		p := add(t, s, succeeded, newPayment())[0]
		for _, update := range []string{
			"UPDATE payments SET refunded_amount = amount + 1",
			"UPDATE payments SET refunded_amount = -1",
			"UPDATE payments SET refunded_amount = amount", // but the status still says succeeded
			"UPDATE payments SET status = 'refunded'",      // but nothing was refunded
			"UPDATE payments SET status = 'failed'",        // without a failure code
			"UPDATE payments SET card_token = 'tok_visa'",  // a settled payment keeps no token
		} {
			err := s.engines.Write.InTx(context.Background(), func(tx *db.Tx) error {
				_, err := tx.ExecContext(context.Background(), update+" WHERE id = '"+p.ID+"'")
				return err
			})
			if err == nil {
				t.Errorf("%q was accepted", update)
			}
		}
	}},
}
