package money

import (
	"math"

	"github.com/modmono/platform/errs"
)

// Add returns m+o; it fails on different currencies and when the sum is beyond ±MaxAmount,
// because a wrapped-around total would silently turn a large order into a refund, and a total
// past 2^53 reaches a JavaScript client as a different number.
func (m Money) Add(o Money) (Money, error) {
	if err := sameCurrency(m, o); err != nil {
		return Money{}, err
	}
	r := m.Amount + o.Amount
	if (o.Amount > 0 && r < m.Amount) || (o.Amount < 0 && r > m.Amount) || !inRange(r) {
		return Money{}, overflow()
	}
	return Money{Amount: r, Currency: m.Currency}, nil
}

// Sub returns m-o, with the same checks as Add.
func (m Money) Sub(o Money) (Money, error) {
	if err := sameCurrency(m, o); err != nil {
		return Money{}, err
	}
	r := m.Amount - o.Amount
	if (o.Amount > 0 && r > m.Amount) || (o.Amount < 0 && r < m.Amount) || !inRange(r) {
		return Money{}, overflow()
	}
	return Money{Amount: r, Currency: m.Currency}, nil
}

// Mul returns m*n (a unit price times a quantity), failing when the product is beyond
// ±MaxAmount.
func (m Money) Mul(n int64) (Money, error) {
	r := m.Amount * n
	// MinInt64 / -1 wraps to MinInt64 in Go, so the division check alone misses that case.
	if (m.Amount == -1 && n == math.MinInt64) || (n == -1 && m.Amount == math.MinInt64) ||
		(m.Amount != 0 && r/m.Amount != n) || !inRange(r) {
		return Money{}, overflow()
	}
	return Money{Amount: r, Currency: m.Currency}, nil
}

func sameCurrency(a, b Money) error {
	if a.Currency == b.Currency {
		return nil
	}
	return errs.Invalid(CodeCurrencyMismatch,
		"amounts in "+a.Currency+" and "+b.Currency+" cannot be combined").WithCause(ErrCurrencyMismatch)
}

func inRange(amount int64) bool { return -MaxAmount <= amount && amount <= MaxAmount }

func overflow() error {
	return errs.Invalid(errs.CodeValidationFailed, "the amount is too large").WithCause(ErrOverflow)
}
