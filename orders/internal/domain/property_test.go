package domain_test

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/modmono/orders/internal/domain"
)

// world replays what can happen to one order in any order, with the messages each step sends,
// and checks the invariants after every step.
type world struct {
	order          domain.Order
	charged        bool // a payment succeeded (payments' view)
	refundsAsked   int  // cancellations announced with refund_required
	refundedByBank bool
}

// fataler is what *testing.T and *rapid.T have in common.
type fataler interface {
	Fatalf(format string, args ...any)
}

func (w *world) step(t fataler, action string) {
	before := w.order.Status
	switch action {
	case "cancel":
		c, err := w.order.Cancel(now)
		cancellable := before == domain.StatusPending || before == domain.StatusPaid
		if (err == nil) != cancellable {
			t.Fatalf("Cancel from %s: err %v", before, err)
		}
		if c.RefundRequired {
			w.refundsAsked++
		}
	case "payment succeeded":
		if w.charged { // payments lets one payment per order succeed; a redelivery repeats it
			w.order.MarkPaid("p1", now)
			return
		}
		w.charged = true
		if w.order.MarkPaid("p1", now) == domain.PaymentNeedsRefund {
			w.refundsAsked++
		}
	case "full refund":
		if !w.charged || w.refundedByBank { // payments refunds only what it took, once
			return
		}
		w.refundedByBank = true
		w.order.MarkRefunded(now)
	}
}

func (w *world) check(t fataler, before domain.Status) {
	o := w.order
	if rank(o.Status) < rank(before) {
		t.Fatalf("status went back from %s to %s", before, o.Status)
	}
	if (o.Status == domain.StatusPaid || o.Status == domain.StatusRefunded) && !w.charged {
		t.Fatalf("order %s but no payment succeeded", o.Status)
	}
	if w.refundsAsked > 1 {
		t.Fatalf("a refund was asked for %d times", w.refundsAsked)
	}
	if o.Status == domain.StatusRefunded && !w.refundedByBank {
		t.Fatalf("refunded without a refund")
	}
	if w.refundedByBank && o.Status != domain.StatusRefunded {
		t.Fatalf("the payment was refunded in full but the order is %s", o.Status)
	}
	// Money taken for a cancelled order must be on its way back, exactly once.
	if o.Status == domain.StatusCancelled && w.charged && w.refundsAsked != 1 {
		t.Fatalf("cancelled and charged, but %d refunds asked", w.refundsAsked)
	}
}

// rank orders statuses along the machine; cancelled and paid are both past pending.
func rank(s domain.Status) int {
	return map[domain.Status]int{domain.StatusPending: 0, domain.StatusPaid: 1, domain.StatusCancelled: 2, domain.StatusRefunded: 3}[s]
}

func TestStatusMachineProperties(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		w := &world{order: orderIn(domain.StatusPending, false)}
		actions := rapid.SliceOfN(rapid.SampledFrom([]string{"cancel", "payment succeeded", "full refund"}), 0, 12).Draw(t, "actions")
		for _, a := range actions {
			before := w.order.Status
			w.step(t, a)
			w.check(t, before)
		}
	})
}

// TestCancelAndPaymentInEitherOrderEndRefunded is the race of a cancel with a payment: whichever
// lands first, orders asks for exactly one refund, and once payments makes it the order is
// refunded.
func TestCancelAndPaymentInEitherOrderEndRefunded(t *testing.T) {
	t.Parallel()
	for _, steps := range [][]string{{"cancel", "payment succeeded"}, {"payment succeeded", "cancel"}} {
		w := &world{order: orderIn(domain.StatusPending, false)}
		for _, a := range steps {
			w.step(t, a)
		}
		if w.refundsAsked != 1 || w.order.Status != domain.StatusCancelled {
			t.Fatalf("%v: %d refunds asked, status %s; want 1, cancelled", steps, w.refundsAsked, w.order.Status)
		}
		w.step(t, "full refund")
		if w.order.Status != domain.StatusRefunded {
			t.Fatalf("%v, then the refund: status %s; want refunded", steps, w.order.Status)
		}
	}
}
