package domain_test

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/errs"
)

// Whatever refunds are asked for, in whatever order, the refunded total is the sum of the
// accepted refunds, never exceeds the payment, and the status says where it stands.
func TestRefundsNeverExceedThePayment(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		amount := rapid.Int64Range(1, 1_000_000).Draw(t, "amount")
		p := succeeded(t, amount)
		var sum int64
		for i := range rapid.IntRange(1, 20).Draw(t, "attempts") {
			req := domain.RefundRequest{ID: "r"}
			if rapid.Bool().Draw(t, "explicit") {
				req.Amount = ptr(eur(rapid.Int64Range(-10, amount+10).Draw(t, "refund")))
			}
			before := p
			r, err := p.Refund(req, t0)
			switch {
			case err == nil:
				sum += r.Amount.Amount
				if !r.Amount.IsPositive() {
					t.Fatalf("attempt %d accepted a refund of %v", i, r.Amount)
				}
			case p != before:
				t.Fatalf("attempt %d failed (%v) yet changed the payment", i, err)
			case errs.KindOf(err) != errs.KindInvalid && errs.KindOf(err) != errs.KindConflict:
				t.Fatalf("attempt %d: unexpected error %v", i, err)
			}
			if p.RefundedAmount.Amount != sum || sum > amount {
				t.Fatalf("refunded %d after accepting %d in all, of %d", p.RefundedAmount.Amount, sum, amount)
			}
			wantStatus := domain.StatusSucceeded
			switch {
			case sum == amount:
				wantStatus = domain.StatusRefunded
			case sum > 0:
				wantStatus = domain.StatusPartiallyRefunded
			}
			if p.Status != wantStatus {
				t.Fatalf("status %s with %d of %d refunded; want %s", p.Status, sum, amount, wantStatus)
			}
		}
	})
}

// A refund without an amount always empties a refundable payment, and then nothing more goes.
func TestARefundWithoutAmountTakesWhatIsLeft(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		amount := rapid.Int64Range(2, 1_000_000).Draw(t, "amount")
		p := succeeded(t, amount)
		first := rapid.Int64Range(1, amount-1).Draw(t, "first")
		if _, err := p.Refund(domain.RefundRequest{Amount: ptr(eur(first))}, t0); err != nil {
			t.Fatal(err)
		}
		r, err := p.Refund(domain.RefundRequest{}, t0)
		if err != nil || r.Amount != eur(amount-first) || !p.FullyRefunded() {
			t.Fatalf("refund of the rest = %+v, %v; payment %+v", r, err, p)
		}
		_, err = p.Refund(domain.RefundRequest{}, t0)
		wantCode(t, err, domain.CodePaymentNotRefundable)
	})
}
