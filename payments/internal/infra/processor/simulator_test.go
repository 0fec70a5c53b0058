package processor_test

import (
	"context"
	"sync"
	"testing"

	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/payments/internal/infra/processor"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/money"
)

var eur = money.Money{Amount: 1999, Currency: "EUR"}

func TestSimulatorAnswersTheTestTokens(t *testing.T) {
	t.Parallel()
	tests := []struct {
		token, failure string
		invalid        bool
	}{
		{"tok_visa", "", false},
		{"tok_chargeDeclined", "card_declined", false},
		{"tok_insufficientFunds", "insufficient_funds", false},
		{"tok_mastercard", "", true},
		{"TOK_VISA", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.token, func(t *testing.T) {
			t.Parallel()
			s := processor.NewSimulator()
			checkErr := s.CheckToken(context.Background(), tt.token)
			outcome, chargeErr := s.Charge(context.Background(), "p-"+tt.token, eur, tt.token)
			if tt.invalid {
				for _, err := range []error{checkErr, chargeErr} {
					if e, ok := errs.As(err); !ok || e.Kind != errs.KindInvalid || e.Fields[0].Field != "payment_method.token" {
						t.Fatalf("token %q: want a 422 on payment_method.token, got %v", tt.token, err)
					}
				}
				return
			}
			if checkErr != nil || chargeErr != nil || outcome != (domain.ChargeOutcome{FailureCode: tt.failure}) {
				t.Fatalf("token %q: check %v, charge %+v %v; want failure %q", tt.token, checkErr, outcome, chargeErr, tt.failure)
			}
		})
	}
}

func TestSimulatorChargesEachPaymentOnce(t *testing.T) {
	t.Parallel()
	s := processor.NewSimulator()
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			// The same payment id with another token still answers the first outcome.
			if o, err := s.Charge(context.Background(), "p1", eur, "tok_visa"); err != nil || !o.Succeeded() {
				t.Errorf("charge p1: %+v, %v", o, err)
			}
		})
	}
	wg.Wait()
	if o, _ := s.Charge(context.Background(), "p1", eur, "tok_chargeDeclined"); !o.Succeeded() {
		t.Fatalf("a repeated charge changed its outcome to %+v", o)
	}
	if _, err := s.Charge(context.Background(), "p2", eur, "tok_chargeDeclined"); err != nil {
		t.Fatal(err)
	}
	if got := s.Charges(); got != 2 {
		t.Fatalf("charges = %d; want 2, one per payment", got)
	}
}

func TestSimulatorRefusesWhatNoProcessorWouldCharge(t *testing.T) {
	t.Parallel()
	s := processor.NewSimulator()
	if _, err := s.Charge(context.Background(), "p1", money.Money{Currency: "EUR"}, "tok_visa"); err == nil {
		t.Fatal("charged a zero amount")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Charge(ctx, "p2", eur, "tok_visa"); err == nil || s.Charges() != 0 {
		t.Fatalf("a cancelled charge = %v, %d charges; want an error and none", err, s.Charges())
	}
}
