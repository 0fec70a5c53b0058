package domain_test

import (
	"slices"
	"testing"
	"time"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/money"
)

var now = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

func eur(amount int64) money.Money { return money.Money{Amount: amount, Currency: "EUR"} }

// wantFields fails unless err is a 422 with code naming exactly these field/code pairs, in order.
func wantFields(t *testing.T, err error, code string, want ...string) {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.KindInvalid || e.Code != code {
		t.Fatalf("want a 422 %s, got %v", code, err)
	}
	var got []string
	for _, f := range e.Fields {
		got = append(got, f.Field+"/"+f.Code)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("want fields %v, got %v", want, got)
	}
}
