package money_test

import (
	"encoding/json"
	"testing"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/money"
)

// FuzzNew: New never panics, accepts exactly the table's codes, and what it accepts survives a
// JSON round trip unchanged.
func FuzzNew(f *testing.F) {
	for _, seed := range []string{"EUR", "JPY", "", "eur", "XXX", "\xff\xfe", "EUR\x00"} {
		f.Add(int64(1999), seed)
	}
	f.Fuzz(func(t *testing.T, amount int64, currency string) {
		m, err := money.New(amount, currency)
		if money.IsCurrency(currency) != (err == nil) {
			t.Fatalf("New(%d, %q) = %v; IsCurrency says %v", amount, currency, err, money.IsCurrency(currency))
		}
		if err != nil {
			if errs.KindOf(err) != errs.KindInvalid {
				t.Fatalf("New error %v is not a 422", err)
			}
			return
		}
		b, _ := json.Marshal(m)
		var back money.Money
		if err := json.Unmarshal(b, &back); err != nil || back != m {
			t.Fatalf("round trip of %v gave %v, %v", m, back, err)
		}
		_ = m.String()
	})
}
