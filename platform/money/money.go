// Package money is the shared value type for amounts: integer minor units with an ISO 4217
// currency, never floats, with arithmetic that refuses to mix currencies or overflow silently.
package money

import (
	"errors"
	"strconv"
	"strings"

	"github.com/modmono/platform/errs"
)

// Public codes a Money failure maps to.
const (
	CodeCurrencyMismatch = "CURRENCY_MISMATCH"
	FieldInvalidCurrency = "invalid_currency"
)

// Sentinel causes, so callers can tell the failures apart with errors.Is while the *errs.Error
// around them carries the public code.
var (
	ErrCurrencyMismatch = errors.New("money: currencies differ")
	ErrOverflow         = errors.New("money: amount beyond 2^53-1")
)

// MaxAmount bounds every amount and every sum: 2^53-1, the largest integer that every JSON
// reader holds exactly (a JavaScript number is a float64). Beyond it a client would read a
// different total from the one we charge.
const MaxAmount = 1<<53 - 1

// Money is an amount in the currency's minor units (cents for EUR, yen for JPY). The zero value
// has no currency and is not valid; build values with New.
type Money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// New returns amount minor units of currency, or a 422 naming the field "currency" when the
// currency is not an active ISO 4217 code. Any amount is allowed: whether a negative or zero
// amount makes sense is the caller's rule.
func New(amount int64, currency string) (Money, error) {
	m := Money{Amount: amount, Currency: currency}
	if err := m.Validate(""); err != nil {
		return Money{}, err
	}
	return m, nil
}

// Validate checks the currency and the amount's bound (±MaxAmount) and reports a failure under
// field's JSON path: Validate("price") names "price.currency".
func (m Money) Validate(field string) error {
	path, amount := "currency", "amount"
	if field != "" {
		path, amount = field+".currency", field+".amount"
	}
	switch {
	case !inRange(m.Amount):
		return errs.Validation(errs.Field(amount, errs.FieldOutOfRange,
			"the amount must be at most 2^53-1 minor units either way"))
	case m.Currency == "":
		return errs.Validation(errs.Field(path, errs.FieldRequired, "a currency is required"))
	case !IsCurrency(m.Currency):
		return errs.Validation(errs.Field(path, FieldInvalidCurrency,
			"the currency must be an active ISO 4217 code such as EUR"))
	}
	return nil
}

// IsZero reports a zero amount, whatever the currency.
func (m Money) IsZero() bool { return m.Amount == 0 }

// IsPositive reports an amount above zero.
func (m Money) IsPositive() bool { return m.Amount > 0 }

// Compare returns -1, 0 or +1 as m is less than, equal to or greater than o. Amounts in different
// currencies have no order, so that is an error rather than a guess.
func (m Money) Compare(o Money) (int, error) {
	if err := sameCurrency(m, o); err != nil {
		return 0, err
	}
	switch {
	case m.Amount < o.Amount:
		return -1, nil
	case m.Amount > o.Amount:
		return 1, nil
	}
	return 0, nil
}

// String formats the amount with the currency's decimals, for logs and messages: "19.99 EUR".
func (m Money) String() string {
	digits, _ := MinorUnits(m.Currency)
	s := strconv.FormatInt(m.Amount, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if digits > 0 {
		if len(s) <= digits {
			s = strings.Repeat("0", digits-len(s)+1) + s
		}
		s = s[:len(s)-digits] + "." + s[len(s)-digits:]
	}
	if neg {
		s = "-" + s
	}
	return strings.TrimSpace(s + " " + m.Currency)
}
