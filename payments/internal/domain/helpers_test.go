package domain_test

import (
	"slices"
	"time"

	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/money"
)

var t0 = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

// tb is what both *testing.T and *rapid.T offer, so the helpers serve property tests too.
type tb interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

func eur(amount int64) money.Money { return money.Money{Amount: amount, Currency: "EUR"} }

// succeeded is a settled, successful payment of amount EUR.
func succeeded(t tb, amount int64) domain.Payment {
	t.Helper()
	p := processing(t, amount)
	if err := p.Settle(domain.ChargeOutcome{}, t0); err != nil {
		t.Fatal(err)
	}
	return p
}

func processing(t tb, amount int64) domain.Payment {
	t.Helper()
	p, err := domain.NewPayment("p1", "o1", "c1", eur(amount), domain.PaymentMethod{Type: "card", Token: "tok_visa"}, "key-1", t0)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// wantFields asserts err is a 422 naming exactly these field/code pairs, in order; none wants nil.
func wantFields(t tb, err error, want ...string) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("want no error, got %v", err)
		}
		return
	}
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.KindInvalid {
		t.Fatalf("want a 422 with %v, got %v", want, err)
	}
	var got []string
	for _, f := range e.Fields {
		got = append(got, f.Field+"/"+f.Code)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("want fields %v, got %v", want, got)
	}
}

// wantCode asserts err carries the contract code want ("" wants no error).
func wantCode(t tb, err error, want string) {
	t.Helper()
	if want == "" && err != nil {
		t.Fatalf("want success, got %v", err)
	}
	if want != "" && !errs.HasCode(err, want) {
		t.Fatalf("want code %s, got %v", want, err)
	}
}
