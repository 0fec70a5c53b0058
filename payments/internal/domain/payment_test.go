package domain_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/modmono/payments/internal/domain"
)

func TestNewPaymentStartsProcessingWithNothingRefunded(t *testing.T) {
	t.Parallel()
	p := processing(t, 1999)
	want := domain.Payment{
		ID: "p1", OrderID: "o1", CustomerID: "c1", Amount: eur(1999), Status: domain.StatusProcessing,
		RefundedAmount: eur(0), IdempotencyKey: "key-1", CardToken: "tok_visa", Version: 1, CreatedAt: t0, UpdatedAt: t0,
	}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("NewPayment =\n %+v\nwant\n %+v", p, want)
	}
	if p.Visible() {
		t.Fatal("a processing payment is visible; want it hidden from clients")
	}
}

func TestNewPaymentRefusesANonPositiveTotal(t *testing.T) {
	t.Parallel()
	for _, amount := range []int64{0, -1} {
		_, err := domain.NewPayment("p1", "o1", "c1", eur(amount), domain.PaymentMethod{Type: "card", Token: "tok_visa"}, "k", t0)
		wantCode(t, err, domain.CodeOrderNotPayable)
	}
}

func TestSettle(t *testing.T) {
	t.Parallel()
	later := t0.Add(time.Second)
	tests := []struct {
		name        string
		outcome     domain.ChargeOutcome
		status      domain.Status
		failureCode string
	}{
		{"a successful charge", domain.ChargeOutcome{}, domain.StatusSucceeded, ""},
		{"a declined card", domain.ChargeOutcome{FailureCode: "card_declined"}, domain.StatusFailed, "card_declined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := processing(t, 500)
			if err := p.Settle(tt.outcome, later); err != nil {
				t.Fatal(err)
			}
			if p.Status != tt.status || p.FailureCode != tt.failureCode || p.CardToken != "" || p.Version != 2 || !p.UpdatedAt.Equal(later) || !p.Visible() {
				t.Fatalf("settled %+v; want status %s, failure %q, no token, version 2", p, tt.status, tt.failureCode)
			}
			if err := p.Settle(domain.ChargeOutcome{}, later); err == nil {
				t.Fatal("a settled payment was settled again")
			}
		})
	}
}
