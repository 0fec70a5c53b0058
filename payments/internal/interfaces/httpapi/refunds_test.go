package httpapi_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/modmono/payments/internal/application"
	"github.com/modmono/platform/ids"
)

func TestRefundPayment(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	ann, admin := a.customer(t), a.admin(t)
	p := a.pay(t, ann, "tok_visa") // 1000 EUR
	failed := a.pay(t, ann, "tok_chargeDeclined")
	path := "/api/v1/payments/" + p.ID + "/refunds"

	w := a.call("POST", path, admin, "r1", `{"amount":{"amount":300,"currency":"EUR"},"reason":"damaged"}`)
	want(t, w, http.StatusCreated, "")
	got := keys(t, w)
	slices.Sort(got)
	if wantKeys := []string{"amount", "created_at", "id", "payment_id", "reason"}; !slices.Equal(got, wantKeys) {
		t.Fatalf("refund members %v; want %v", got, wantKeys)
	}
	if r := decode[application.RefundView](t, w); r.Amount != eur(300) || r.PaymentID != p.ID || r.Reason != "damaged" {
		t.Fatalf("refund %+v", r)
	}
	tests := []struct {
		name, path, body string
		who              user
		status           int
		code, field      string
	}{
		{"a customer, even the owner, may not", path, `{}`, ann, 403, "FORBIDDEN", ""},
		{"no token", path, `{}`, user{}, 401, "UNAUTHENTICATED", ""},
		{"an unknown payment", "/api/v1/payments/" + ids.New() + "/refunds", `{}`, admin, 404, "PAYMENT_NOT_FOUND", ""},
		{"not a uuid", "/api/v1/payments/42/refunds", `{}`, admin, 404, "PAYMENT_NOT_FOUND", ""},
		{"more than is left", path, `{"amount":{"amount":701,"currency":"EUR"}}`, admin, 409, "REFUND_EXCEEDS_PAYMENT", ""},
		{"a failed payment", "/api/v1/payments/" + failed.ID + "/refunds", `{}`, admin, 409, "PAYMENT_NOT_REFUNDABLE", ""},
		{"zero", path, `{"amount":{"amount":0,"currency":"EUR"}}`, admin, 422, "", "amount.amount/out_of_range"},
		{"negative", path, `{"amount":{"amount":-5,"currency":"EUR"}}`, admin, 422, "", "amount.amount/out_of_range"},
		{"another currency", path, `{"amount":{"amount":5,"currency":"USD"}}`, admin, 422, "", "amount.currency/invalid"},
		{"an amount without a currency", path, `{"amount":{"amount":5}}`, admin, 422, "", "amount.currency/required"},
		{"a float amount", path, `{"amount":{"amount":1.5,"currency":"EUR"}}`, admin, 422, "", "amount.amount/invalid_type"},
		{"a reason too long", path, `{"reason":"` + strings.Repeat("r", 501) + `"}`, admin, 422, "", "reason/too_long"},
		{"the body cannot name the payment", path, `{"payment_id":"` + failed.ID + `"}`, admin, 422, "", "payment_id/unknown_field"},
		{"no Idempotency-Key", path, `{}`, admin, 400, "IDEMPOTENCY_KEY_REQUIRED", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := ids.New()
			if tt.code == "IDEMPOTENCY_KEY_REQUIRED" {
				key = ""
			}
			w := a.call("POST", tt.path, tt.who, key, tt.body)
			if tt.field != "" {
				field, code, _ := strings.Cut(tt.field, "/")
				wantField(t, w, field, code)
				return
			}
			want(t, w, tt.status, tt.code)
		})
	}
	w = a.call("POST", path, admin, "rest", `{}`)
	want(t, w, http.StatusCreated, "")
	if r := decode[application.RefundView](t, w); r.Amount != eur(700) {
		t.Fatalf("refund of the rest %+v; want 700 EUR", r)
	}
	want(t, a.call("POST", path, admin, ids.New(), `{}`), http.StatusConflict, "PAYMENT_NOT_REFUNDABLE")
	w = a.call("GET", "/api/v1/payments/"+p.ID, ann, "", "")
	if got := decode[application.PaymentView](t, w); got.Status != "refunded" || got.RefundedAmount != eur(1000) {
		t.Fatalf("payment after refunds %+v", got)
	}
}
