package domain_test

import (
	"testing"
	"unicode/utf8"

	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/errs"
)

// FuzzNewRefundReason: any reason is accepted as at most 500 code points of valid UTF-8, or
// refused with a 422 on reason; never a panic.
func FuzzNewRefundReason(f *testing.F) {
	for _, s := range []string{"", "damaged", " \t\n", "bell\a", "\xff", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := domain.NewRefundReason(raw)
		if err != nil {
			if e, ok := errs.As(err); !ok || e.Kind != errs.KindInvalid || e.Fields[0].Field != "reason" {
				t.Fatalf("NewRefundReason(%q) error %v; want a 422 on reason", raw, err)
			}
			return
		}
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > 500 {
			t.Fatalf("NewRefundReason(%q) accepted %q", raw, got)
		}
	})
}

// FuzzNewPaymentMethod: a method is a card with a token of at most 255 bytes, or a 422.
func FuzzNewPaymentMethod(f *testing.F) {
	f.Add("card", "tok_visa")
	f.Add("", "\xff")
	f.Fuzz(func(t *testing.T, typ, token string) {
		m, err := domain.NewPaymentMethod(typ, token)
		if err != nil {
			if errs.KindOf(err) != errs.KindInvalid {
				t.Fatalf("NewPaymentMethod(%q, %q) error %v; want a 422", typ, token, err)
			}
			return
		}
		if m.Type != "card" || m.Token == "" || len(m.Token) > 255 || !utf8.ValidString(m.Token) {
			t.Fatalf("NewPaymentMethod(%q, %q) accepted %+v", typ, token, m)
		}
	})
}
