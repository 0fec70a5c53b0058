package domain_test

import (
	"strings"
	"testing"

	"github.com/modmono/payments/internal/domain"
)

func TestNewPaymentMethod(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, typ, token string
		fields           []string
	}{
		{"a card token", "card", "tok_visa", nil},
		{"any token shape is the processor's to judge", "card", "tok_unknown", nil},
		{"another type", "paypal", "tok_visa", []string{"payment_method.type/invalid"}},
		{"types are case-sensitive", "Card", "tok_visa", []string{"payment_method.type/invalid"}},
		{"no token", "card", "  ", []string{"payment_method.token/required"}},
		{"both wrong", "", "", []string{"payment_method.type/invalid", "payment_method.token/required"}},
		{"a token too long", "card", strings.Repeat("t", 256), []string{"payment_method.token/too_long"}},
		{"a token not UTF-8", "card", "tok_\xff", []string{"payment_method.token/invalid_utf8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := domain.NewPaymentMethod(tt.typ, tt.token)
			wantFields(t, err, tt.fields...)
			if err == nil && (m.Type != tt.typ || m.Token != tt.token) {
				t.Fatalf("method %+v; want %s/%s", m, tt.typ, tt.token)
			}
		})
	}
}
