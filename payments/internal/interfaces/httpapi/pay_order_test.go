package httpapi_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	orders "github.com/modmono/orders/contract"
	"github.com/modmono/payments/internal/application"
	"github.com/modmono/platform/ids"
)

func TestPayOrder(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	ann := a.customer(t)
	orderID := a.orders.Place(ann.id, eur(1999))
	w := a.call("POST", "/api/v1/payments", ann, "k1", payBody(orderID, "tok_visa"))
	want(t, w, http.StatusCreated, "")
	got := keys(t, w)
	slices.Sort(got)
	if wantKeys := []string{"amount", "created_at", "customer_id", "failure_code", "id", "order_id", "refunded_amount", "status", "updated_at"}; !slices.Equal(got, wantKeys) {
		t.Fatalf("payment members %v; want %v", got, wantKeys)
	}
	p := decode[application.PaymentView](t, w)
	if p.Status != "succeeded" || p.Amount != eur(1999) || p.CustomerID != ann.id || p.OrderID != orderID || p.FailureCode != nil || p.RefundedAmount != eur(0) {
		t.Fatalf("payment %+v", p)
	}
	replay := a.call("POST", "/api/v1/payments", ann, "k1", payBody(orderID, "tok_visa"))
	want(t, replay, http.StatusCreated, "")
	if replay.Header().Get("Idempotent-Replayed") != "true" || replay.Body.String() != w.Body.String() {
		t.Fatalf("replay: %v %s; want the first answer again", replay.Header(), replay.Body)
	}
	declined := a.pay(t, ann, "tok_chargeDeclined")
	if declined.Status != "failed" || declined.FailureCode == nil || *declined.FailureCode != "card_declined" {
		t.Fatalf("declined payment %+v", declined)
	}
	if n := a.simulator.Charges(); n != 2 {
		t.Fatalf("charges = %d; want 2", n)
	}
}

func TestPayOrderErrors(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	ann, bob := a.customer(t), a.customer(t)
	mine, bobs := a.orders.Place(ann.id, eur(100)), a.orders.Place(bob.id, eur(100))
	paid := a.orders.Place(ann.id, eur(100))
	a.orders.SetStatus(paid, orders.StatusPaid)
	tests := []struct {
		name, key, body string
		who             user
		status          int
		code, field     string // field: field/code of a 422
	}{
		{"no token", "k", payBody(mine, "tok_visa"), user{}, 401, "UNAUTHENTICATED", ""},
		{"no Idempotency-Key", "", payBody(mine, "tok_visa"), ann, 400, "IDEMPOTENCY_KEY_REQUIRED", ""},
		{"a key that is not printable ASCII", "kéy", payBody(mine, "tok_visa"), ann, 400, "IDEMPOTENCY_KEY_INVALID", ""},
		{"someone else's order is not found", "k", payBody(bobs, "tok_visa"), ann, 404, "ORDER_NOT_FOUND", ""},
		{"an unknown order", "k", payBody(ids.New(), "tok_visa"), ann, 404, "ORDER_NOT_FOUND", ""},
		{"a paid order", "k", payBody(paid, "tok_visa"), ann, 409, "ORDER_NOT_PAYABLE", ""},
		{"an unknown card token", "k", payBody(mine, "tok_nope"), ann, 422, "VALIDATION_FAILED", "payment_method.token/invalid"},
		{"another method type", "k", `{"order_id":"` + mine + `","payment_method":{"type":"paypal","token":"tok_visa"}}`, ann, 422, "VALIDATION_FAILED", "payment_method.type/invalid"},
		{"a malformed order id", "k", payBody("42", "tok_visa"), ann, 422, "VALIDATION_FAILED", "order_id/invalid"},
		{"no order id", "k", `{"payment_method":{"type":"card","token":"tok_visa"}}`, ann, 422, "VALIDATION_FAILED", "order_id/required"},
		{"no payment method", "k", `{"order_id":"` + mine + `"}`, ann, 422, "VALIDATION_FAILED", "payment_method/required"},
		{"no card token", "k", `{"order_id":"` + mine + `","payment_method":{"type":"card"}}`, ann, 422, "VALIDATION_FAILED", "payment_method.token/required"},
		{"the body cannot set the amount", "k", strings.Replace(payBody(mine, "tok_visa"), "{", `{"amount":{"amount":1,"currency":"EUR"},`, 1), ann, 422, "VALIDATION_FAILED", "amount/unknown_field"},
		{"the body cannot set the customer", "k", strings.Replace(payBody(mine, "tok_visa"), "{", `{"customer_id":"`+bob.id+`",`, 1), ann, 422, "VALIDATION_FAILED", "customer_id/unknown_field"},
		{"the body cannot set the status", "k", strings.Replace(payBody(mine, "tok_visa"), "{", `{"status":"succeeded",`, 1), ann, 422, "VALIDATION_FAILED", "status/unknown_field"},
		{"nor hide them in the method", "k", `{"order_id":"` + mine + `","payment_method":{"type":"card","token":"tok_visa","amount":1}}`, ann, 422, "VALIDATION_FAILED", "payment_method.amount/unknown_field"},
		{"members are case-sensitive", "k", `{"Order_ID":"` + mine + `","payment_method":{"type":"card","token":"tok_visa"}}`, ann, 422, "VALIDATION_FAILED", "Order_ID/unknown_field"},
		{"trailing data", "k", payBody(mine, "tok_visa") + "{}", ann, 400, "MALFORMED_JSON", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := tt.key
			if key == "k" {
				key = ids.New()
			}
			w := a.call("POST", "/api/v1/payments", tt.who, key, tt.body)
			if tt.field != "" {
				field, code, _ := strings.Cut(tt.field, "/")
				wantField(t, w, field, code)
				return
			}
			want(t, w, tt.status, tt.code)
		})
	}
	if n := a.simulator.Charges(); n != 0 {
		t.Fatalf("refused payments charged %d times", n)
	}
}

// The first run charged and then lost its answer (a 503, which the idempotency middleware does
// not keep): the retry with the same key answers the same payment, charged once.
func TestARetryAfterALostAnswerChargesOnce(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	ann := a.customer(t)
	orderID := a.orders.Place(ann.id, eur(300))
	a.processor.loseNext()
	w := a.call("POST", "/api/v1/payments", ann, "same", payBody(orderID, "tok_visa"))
	want(t, w, http.StatusServiceUnavailable, "SERVICE_UNAVAILABLE")
	if w.Header().Get("Retry-After") == "" {
		t.Fatal("a 503 without Retry-After")
	}
	want(t, a.call("POST", "/api/v1/payments", ann, "other", payBody(orderID, "tok_visa")), http.StatusConflict, "ORDER_NOT_PAYABLE")
	w = a.call("POST", "/api/v1/payments", ann, "same", payBody(orderID, "tok_visa"))
	want(t, w, http.StatusCreated, "")
	if p := decode[application.PaymentView](t, w); p.Status != "succeeded" || a.simulator.Charges() != 1 {
		t.Fatalf("retry %+v after %d charges; want succeeded, charged once", p, a.simulator.Charges())
	}
}
