package domain_test

import (
	"testing"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/errs"
)

// orderIn returns an order in status s; paid says whether money was taken.
func orderIn(s domain.Status, paid bool) domain.Order {
	o := domain.Order{ID: "o1", CustomerID: "c1", Status: s, Total: eur(100), Version: 1, CreatedAt: now, UpdatedAt: now}
	if paid {
		at := now
		o.PaymentID, o.PaidAt = "p0", &at
	}
	return o
}

func TestCancel(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		from  domain.Order
		want  domain.Cancellation
		wantE string
	}{
		{"pending: cancelled, nothing to refund", orderIn(domain.StatusPending, false), domain.Cancellation{}, ""},
		{"paid: cancelled, refunded in full", orderIn(domain.StatusPaid, true), domain.Cancellation{WasPaid: true, RefundRequired: true}, ""},
		{"cancelled: 409", orderIn(domain.StatusCancelled, false), domain.Cancellation{}, domain.CodeOrderNotCancellable},
		{"cancelled after payment: 409", orderIn(domain.StatusCancelled, true), domain.Cancellation{}, domain.CodeOrderNotCancellable},
		{"refunded: 409", orderIn(domain.StatusRefunded, true), domain.Cancellation{}, domain.CodeOrderNotCancellable},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			o, before := c.from, c.from.Status
			got, err := o.Cancel(now.Add(1))
			if c.wantE != "" {
				if e, ok := errs.As(err); !ok || e.Code != c.wantE || e.Kind != errs.KindConflict || o.Status != before {
					t.Fatalf("Cancel = %v (status %s); want 409 %s and no change", err, o.Status, c.wantE)
				}
				return
			}
			if err != nil || got != c.want || o.Status != domain.StatusCancelled || !o.UpdatedAt.Equal(now.Add(1)) {
				t.Fatalf("Cancel = %+v, %v (status %s); want %+v", got, err, o.Status, c.want)
			}
		})
	}
}

func TestMarkPaid(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		from   domain.Order
		want   domain.PaymentOutcome
		status domain.Status
	}{
		{"pending becomes paid", orderIn(domain.StatusPending, false), domain.PaymentApplied, domain.StatusPaid},
		{"a payment that raced a cancel needs a refund", orderIn(domain.StatusCancelled, false), domain.PaymentNeedsRefund, domain.StatusCancelled},
		{"paid again is ignored", orderIn(domain.StatusPaid, true), domain.PaymentIgnored, domain.StatusPaid},
		{"cancelled after payment is ignored", orderIn(domain.StatusCancelled, true), domain.PaymentIgnored, domain.StatusCancelled},
		{"refunded is ignored", orderIn(domain.StatusRefunded, true), domain.PaymentIgnored, domain.StatusRefunded},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			o := c.from
			got := o.MarkPaid("p1", now.Add(1))
			if got != c.want || o.Status != c.status {
				t.Fatalf("MarkPaid = %d (status %s); want %d (status %s)", got, o.Status, c.want, c.status)
			}
			if got != domain.PaymentIgnored && (o.PaymentID != "p1" || !o.IsPaid()) {
				t.Fatalf("payment not recorded: %+v", o)
			}
			if got == domain.PaymentIgnored && o.PaymentID == "p1" {
				t.Fatalf("an ignored payment was recorded: %+v", o)
			}
		})
	}
}

func TestMarkRefunded(t *testing.T) {
	t.Parallel()
	cases := []struct {
		from    domain.Order
		changed bool
	}{
		{orderIn(domain.StatusPaid, true), true},
		{orderIn(domain.StatusCancelled, true), true},
		{orderIn(domain.StatusPending, false), false},
		{orderIn(domain.StatusRefunded, true), false},
	}
	for _, c := range cases {
		o := c.from
		if got := o.MarkRefunded(now); got != c.changed || (got && o.Status != domain.StatusRefunded) ||
			(!got && o.Status != c.from.Status) {
			t.Errorf("MarkRefunded from %s = %v (status %s); want %v", c.from.Status, got, o.Status, c.changed)
		}
	}
}
