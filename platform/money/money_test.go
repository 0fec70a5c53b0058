package money_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/money"
)

func TestNewAcceptsActiveCodesOnly(t *testing.T) {
	t.Parallel()
	cases := []struct {
		currency string
		wantCode string // field code, "" when valid
	}{
		{"EUR", ""}, {"USD", ""}, {"JPY", ""}, {"BHD", ""}, {"ZWG", ""},
		// Codes that are not money a shop is paid in.
		{"XXX", money.FieldInvalidCurrency}, {"XTS", money.FieldInvalidCurrency},
		{"XAU", money.FieldInvalidCurrency}, {"XAG", money.FieldInvalidCurrency},
		{"XPT", money.FieldInvalidCurrency}, {"XPD", money.FieldInvalidCurrency},
		{"XDR", money.FieldInvalidCurrency}, {"XBA", money.FieldInvalidCurrency},
		{"CLF", money.FieldInvalidCurrency}, {"USN", money.FieldInvalidCurrency},
		{"", errs.FieldRequired},
		{"eur", money.FieldInvalidCurrency},
		{"EURO", money.FieldInvalidCurrency},
		{"HRK", money.FieldInvalidCurrency}, // withdrawn in 2023
		{"ABC", money.FieldInvalidCurrency},
		{" EUR", money.FieldInvalidCurrency},
	}
	for _, c := range cases {
		t.Run(c.currency, func(t *testing.T) {
			t.Parallel()
			m, err := money.New(1999, c.currency)
			if c.wantCode == "" {
				if err != nil || m.Amount != 1999 || m.Currency != c.currency {
					t.Fatalf("New(1999, %q) = %v, %v; want the value", c.currency, m, err)
				}
				return
			}
			e, ok := errs.As(err)
			if !ok || e.Kind != errs.KindInvalid || len(e.Fields) != 1 ||
				e.Fields[0].Field != "currency" || e.Fields[0].Code != c.wantCode {
				t.Fatalf("New(1999, %q) error = %#v; want field currency code %s", c.currency, err, c.wantCode)
			}
		})
	}
}

func TestValidateBoundsTheAmount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		amount int64
		ok     bool
	}{{money.MaxAmount, true}, {-money.MaxAmount, true}, {money.MaxAmount + 1, false}, {-money.MaxAmount - 1, false}} {
		err := money.Money{Amount: tc.amount, Currency: "EUR"}.Validate("price")
		e, isErr := errs.As(err)
		if tc.ok != (err == nil) || (!tc.ok && (!isErr || e.Fields[0].Field != "price.amount" || e.Fields[0].Code != errs.FieldOutOfRange)) {
			t.Errorf("Validate(%d) = %v; want ok=%v, else price.amount out_of_range", tc.amount, err, tc.ok)
		}
	}
}

func TestValidateNamesTheFieldPath(t *testing.T) {
	t.Parallel()
	err := money.Money{Amount: 1, Currency: "XYZ"}.Validate("items[2].price")
	e, ok := errs.As(err)
	if !ok || e.Fields[0].Field != "items[2].price.currency" {
		t.Fatalf("Validate path: got %#v, want items[2].price.currency", err)
	}
}

func TestMinorUnits(t *testing.T) {
	t.Parallel()
	cases := map[string]int{"EUR": 2, "USD": 2, "JPY": 0, "BHD": 3, "KWD": 3, "XOF": 0}
	for code, want := range cases {
		if got, ok := money.MinorUnits(code); !ok || got != want {
			t.Errorf("MinorUnits(%s) = %d, %v; want %d, true", code, got, ok, want)
		}
	}
	if _, ok := money.MinorUnits("EU"); ok {
		t.Error("MinorUnits(EU) ok; want not a currency")
	}
}

func TestPredicatesAndCompare(t *testing.T) {
	t.Parallel()
	eur := func(a int64) money.Money { return money.Money{Amount: a, Currency: "EUR"} }
	if !eur(0).IsZero() || eur(1).IsZero() || !eur(1).IsPositive() || eur(0).IsPositive() || eur(-1).IsPositive() {
		t.Fatal("IsZero/IsPositive disagree with the amount")
	}
	cases := []struct {
		a, b money.Money
		want int
	}{{eur(1), eur(2), -1}, {eur(2), eur(2), 0}, {eur(3), eur(-3), 1}}
	for _, c := range cases {
		if got, err := c.a.Compare(c.b); err != nil || got != c.want {
			t.Errorf("Compare(%v, %v) = %d, %v; want %d", c.a, c.b, got, err, c.want)
		}
	}
	if _, err := eur(1).Compare(money.Money{Amount: 1, Currency: "USD"}); !errs.HasCode(err, money.CodeCurrencyMismatch) {
		t.Errorf("Compare across currencies: got %v, want %s", err, money.CodeCurrencyMismatch)
	}
}

func TestString(t *testing.T) {
	t.Parallel()
	cases := map[money.Money]string{
		{Amount: 1999, Currency: "EUR"}: "19.99 EUR",
		{Amount: 5, Currency: "EUR"}:    "0.05 EUR",
		{Amount: -5, Currency: "BHD"}:   "-0.005 BHD",
		{Amount: 500, Currency: "JPY"}:  "500 JPY",
	}
	for m, want := range cases {
		if got := m.String(); got != want {
			t.Errorf("String(%#v) = %q; want %q", m, got, want)
		}
	}
}

func TestJSONShape(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(money.Money{Amount: 1999, Currency: "EUR"})
	if err != nil || string(b) != `{"amount":1999,"currency":"EUR"}` {
		t.Fatalf("JSON = %s, %v; want the contract shape", b, err)
	}
}

func TestArithmeticErrors(t *testing.T) {
	t.Parallel()
	const maxI, minI = int64(1<<63 - 1), int64(-1 << 63)
	eur := func(a int64) money.Money { return money.Money{Amount: a, Currency: "EUR"} }
	usd := money.Money{Amount: 1, Currency: "USD"}
	cases := []struct {
		name string
		op   func() (money.Money, error)
		want error
	}{
		{"add mismatch", func() (money.Money, error) { return eur(1).Add(usd) }, money.ErrCurrencyMismatch},
		{"sub mismatch", func() (money.Money, error) { return eur(1).Sub(usd) }, money.ErrCurrencyMismatch},
		{"add overflow", func() (money.Money, error) { return eur(maxI).Add(eur(1)) }, money.ErrOverflow},
		{"add underflow", func() (money.Money, error) { return eur(minI).Add(eur(-1)) }, money.ErrOverflow},
		{"sub overflow", func() (money.Money, error) { return eur(maxI).Sub(eur(-1)) }, money.ErrOverflow},
		{"sub underflow", func() (money.Money, error) { return eur(minI).Sub(eur(1)) }, money.ErrOverflow},
		{"mul overflow", func() (money.Money, error) { return eur(maxI/2 + 1).Mul(2) }, money.ErrOverflow},
		{"mul min by -1", func() (money.Money, error) { return eur(minI).Mul(-1) }, money.ErrOverflow},
		{"mul -1 by min", func() (money.Money, error) { return eur(-1).Mul(minI) }, money.ErrOverflow},
		{"mul fits", func() (money.Money, error) { return eur(1999).Mul(3) }, nil},
		{"add past 2^53", func() (money.Money, error) { return eur(money.MaxAmount).Add(eur(1)) }, money.ErrOverflow},
		{"add up to 2^53-1", func() (money.Money, error) { return eur(money.MaxAmount - 1).Add(eur(1)) }, nil},
		{"sub past -2^53", func() (money.Money, error) { return eur(-money.MaxAmount).Sub(eur(1)) }, money.ErrOverflow},
		{"mul past 2^53", func() (money.Money, error) { return eur(1 << 52).Mul(2) }, money.ErrOverflow},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := c.op()
			if !errors.Is(err, c.want) || (err != nil && errs.KindOf(err) != errs.KindInvalid) {
				t.Fatalf("got %v, want %v as a 422", err, c.want)
			}
		})
	}
}

func TestCurrenciesAreExactlyTheAcceptedCodes(t *testing.T) {
	t.Parallel()
	codes := money.Currencies()
	if !slices.IsSorted(codes) || len(codes) < 150 || !slices.Contains(codes, "EUR") || slices.Contains(codes, "HRK") {
		t.Fatalf("Currencies() = %d codes %q: want the active ISO 4217 codes, sorted", len(codes), codes)
	}
	for _, c := range codes {
		if !money.IsCurrency(c) {
			t.Errorf("%s is listed but IsCurrency refuses it", c)
		}
	}
	// Every three upper-case letters: the accepted ones are the listed ones.
	accepted := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			for c := 'A'; c <= 'Z'; c++ {
				if money.IsCurrency(string([]rune{a, b, c})) {
					accepted++
				}
			}
		}
	}
	if accepted != len(codes) {
		t.Errorf("IsCurrency accepts %d codes, Currencies lists %d", accepted, len(codes))
	}
	codes[0] = "XXX"
	if money.Currencies()[0] == "XXX" {
		t.Error("Currencies shares its slice with callers")
	}
}
