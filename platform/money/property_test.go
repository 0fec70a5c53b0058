package money_test

import (
	"errors"
	"math/big"
	"testing"

	"pgregory.net/rapid"

	"github.com/modmono/platform/money"
)

func eurGen() *rapid.Generator[money.Money] {
	return rapid.Custom(func(t *rapid.T) money.Money {
		return money.Money{Amount: rapid.Int64().Draw(t, "amount"), Currency: "EUR"}
	})
}

// fits reports whether the exact result r is within ±MaxAmount, which is when the arithmetic
// must succeed; big.Int is the oracle.
func fits(r *big.Int) bool {
	return r.IsInt64() && r.Int64() >= -money.MaxAmount && r.Int64() <= money.MaxAmount
}

func TestAddMatchesExactArithmetic(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		a, b := eurGen().Draw(t, "a"), eurGen().Draw(t, "b")
		exact := new(big.Int).Add(big.NewInt(a.Amount), big.NewInt(b.Amount))
		got, err := a.Add(b)
		if fits(exact) != (err == nil) || (err == nil && got.Amount != exact.Int64()) {
			t.Fatalf("%v + %v = %v, %v; exact %v", a, b, got, err, exact)
		}
		if err != nil && !errors.Is(err, money.ErrOverflow) {
			t.Fatalf("overflow error %v is not ErrOverflow", err)
		}
	})
}

func TestMulMatchesExactArithmetic(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		a, n := eurGen().Draw(t, "a"), rapid.Int64().Draw(t, "n")
		exact := new(big.Int).Mul(big.NewInt(a.Amount), big.NewInt(n))
		got, err := a.Mul(n)
		if fits(exact) != (err == nil) || (err == nil && got.Amount != exact.Int64()) {
			t.Fatalf("%v * %d = %v, %v; exact %v", a, n, got, err, exact)
		}
	})
}

func TestAddIsCommutative(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		a, b := eurGen().Draw(t, "a"), eurGen().Draw(t, "b")
		ab, errAB := a.Add(b)
		ba, errBA := b.Add(a)
		if (errAB == nil) != (errBA == nil) || ab != ba {
			t.Fatalf("a+b = %v, %v but b+a = %v, %v", ab, errAB, ba, errBA)
		}
	})
}

func TestAddIsAssociativeWhenNothingOverflows(t *testing.T) {
	t.Parallel()
	small := rapid.Custom(func(t *rapid.T) money.Money {
		return money.Money{Amount: rapid.Int64Range(-1<<50, 1<<50).Draw(t, "amount"), Currency: "JPY"}
	})
	rapid.Check(t, func(t *rapid.T) {
		a, b, c := small.Draw(t, "a"), small.Draw(t, "b"), small.Draw(t, "c")
		ab, _ := a.Add(b)
		left, err1 := ab.Add(c)
		bc, _ := b.Add(c)
		right, err2 := a.Add(bc)
		if err1 != nil || err2 != nil || left != right {
			t.Fatalf("(a+b)+c = %v, %v; a+(b+c) = %v, %v", left, err1, right, err2)
		}
	})
}

func TestSubInvertsAdd(t *testing.T) {
	t.Parallel()
	bounded := rapid.Custom(func(t *rapid.T) money.Money {
		return money.Money{Amount: rapid.Int64Range(-money.MaxAmount, money.MaxAmount).Draw(t, "amount"), Currency: "EUR"}
	})
	rapid.Check(t, func(t *rapid.T) {
		a, b := bounded.Draw(t, "a"), bounded.Draw(t, "b")
		sum, err := a.Add(b)
		if err != nil {
			t.Skip("the sum overflows")
		}
		back, err := sum.Sub(b)
		if err != nil || back != a {
			t.Fatalf("(a+b)-b = %v, %v; want %v", back, err, a)
		}
	})
}
