package domain_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/money"
)

func ptr[T any](v T) *T { return &v }

func TestRefund(t *testing.T) {
	t.Parallel()
	failed := func(t tb) domain.Payment {
		p := processing(t, 1000)
		if err := p.Settle(domain.ChargeOutcome{FailureCode: "card_declined"}, t0); err != nil {
			t.Fatal(err)
		}
		return p
	}
	partly := func(t tb) domain.Payment {
		p := succeeded(t, 1000)
		if _, err := p.Refund(domain.RefundRequest{ID: "r0", Amount: ptr(eur(400))}, t0); err != nil {
			t.Fatal(err)
		}
		return p
	}
	full := func(t tb) domain.Payment {
		p := succeeded(t, 1000)
		if _, err := p.Refund(domain.RefundRequest{ID: "r0"}, t0); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ok := func(t tb) domain.Payment { return succeeded(t, 1000) }
	tests := []struct {
		name     string
		payment  func(tb) domain.Payment
		amount   *money.Money
		reason   string
		code     string   // contract code of the error
		fields   []string // field/code pairs of a 422
		refunded int64    // refunded amount after success
		status   domain.Status
	}{
		{name: "no amount refunds everything", payment: ok, refunded: 1000, status: domain.StatusRefunded},
		{name: "no amount refunds what is left", payment: partly, refunded: 1000, status: domain.StatusRefunded},
		{name: "a part", payment: ok, amount: ptr(eur(1)), refunded: 1, status: domain.StatusPartiallyRefunded},
		{name: "exactly what is left", payment: partly, amount: ptr(eur(600)), refunded: 1000, status: domain.StatusRefunded},
		{name: "one unit more than is left", payment: partly, amount: ptr(eur(601)), code: domain.CodeRefundExceedsPayment},
		{name: "zero", payment: ok, amount: ptr(eur(0)), code: "VALIDATION_FAILED", fields: []string{"amount.amount/out_of_range"}},
		{name: "negative", payment: ok, amount: ptr(eur(-5)), code: "VALIDATION_FAILED", fields: []string{"amount.amount/out_of_range"}},
		{name: "another currency", payment: ok, amount: ptr(money.Money{Amount: 5, Currency: "USD"}), code: "VALIDATION_FAILED", fields: []string{"amount.currency/invalid"}},
		{name: "a failed payment", payment: failed, code: domain.CodePaymentNotRefundable},
		{name: "a fully refunded payment", payment: full, amount: ptr(eur(1)), code: domain.CodePaymentNotRefundable},
		{name: "a processing payment", payment: func(t tb) domain.Payment { return processing(t, 1000) }, code: domain.CodePaymentNotRefundable},
		{name: "a bad amount is a 422 even on a failed payment", payment: failed, amount: ptr(eur(0)), code: "VALIDATION_FAILED", fields: []string{"amount.amount/out_of_range"}},
		{name: "every bad field at once", payment: ok, amount: ptr(money.Money{Amount: -1, Currency: "usd"}), reason: strings.Repeat("r", 501),
			code: "VALIDATION_FAILED", fields: []string{"reason/too_long", "amount.currency/invalid", "amount.amount/out_of_range"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := tt.payment(t)
			before := p
			r, err := p.Refund(domain.RefundRequest{ID: "r1", Amount: tt.amount, Reason: tt.reason, RequestedBy: "admin", IdempotencyKey: "k"}, t0)
			wantCode(t, err, tt.code)
			if tt.fields != nil {
				wantFields(t, err, tt.fields...)
			}
			if err != nil {
				if p != before {
					t.Fatalf("a refused refund changed the payment from %+v to %+v", before, p)
				}
				return
			}
			if p.RefundedAmount != eur(tt.refunded) || p.Status != tt.status || p.Version != before.Version+1 {
				t.Fatalf("after refund: refunded %v, status %s, version %d; want %d, %s, %d", p.RefundedAmount, p.Status, p.Version, tt.refunded, tt.status, before.Version+1)
			}
			if r.PaymentID != p.ID || r.Amount.Amount != tt.refunded-before.RefundedAmount.Amount || r.RequestedBy != "admin" || r.IdempotencyKey != "k" {
				t.Fatalf("refund %+v", r)
			}
		})
	}
}

func TestNewRefundReason(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, raw, want string
		fields          []string
	}{
		{"empty is allowed", "", "", nil},
		{"trimmed", "  damaged in transit \n", "damaged in transit", nil},
		{"line breaks and tabs inside", "line one\r\nline\ttwo", "line one\r\nline\ttwo", nil},
		{"500 code points", strings.Repeat("é", 500), strings.Repeat("é", 500), nil},
		{"501 code points", strings.Repeat("é", 501), "", []string{"reason/too_long"}},
		{"a control character", "bell\a", "", []string{"reason/invalid"}},
		{"invalid UTF-8", "bad \xff", "", []string{"reason/invalid_utf8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := domain.NewRefundReason(tt.raw)
			wantFields(t, err, tt.fields...)
			if got != tt.want {
				t.Fatalf("reason %q; want %q", got, tt.want)
			}
		})
	}
}

// ReasonPattern is what the OpenAPI document tells clients: it must refuse exactly the
// characters the rule refuses inside a reason. Every code point up to U+3000 (every control and
// space is below it) and samples above are tried.
func TestReasonPatternRefusesExactlyWhatTheRuleRefuses(t *testing.T) {
	t.Parallel()
	runes := []rune{0xFEFF, 0xFFFD, 0x1F600, unicode.MaxRune}
	for r := rune(0); r <= 0x3000; r++ {
		runes = append(runes, r)
	}
	for _, r := range runes {
		if !utf8.ValidRune(r) {
			continue
		}
		ok := !unicode.IsControl(r) || r == '\n' || r == '\r' || r == '\t'
		if _, err := domain.NewRefundReason("a" + string(r) + "b"); (err == nil) != ok {
			t.Errorf("NewRefundReason(a%qb) = %v, want accepted=%t", r, err, ok)
		}
	}
}
