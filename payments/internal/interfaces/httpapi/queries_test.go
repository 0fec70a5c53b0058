package httpapi_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/modmono/payments/internal/application"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/page"
)

func TestGetPayment(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	ann, bob, admin := a.customer(t), a.customer(t), a.admin(t)
	p := a.pay(t, ann, "tok_visa")
	tests := []struct {
		name, id string
		who      user
		status   int
		code     string
	}{
		{"its customer", p.ID, ann, 200, ""},
		{"an admin", p.ID, admin, 200, ""},
		{"someone else's payment", p.ID, bob, 404, "PAYMENT_NOT_FOUND"},
		{"an unknown id", ids.New(), admin, 404, "PAYMENT_NOT_FOUND"},
		{"not a uuid", "42", admin, 404, "PAYMENT_NOT_FOUND"},
		{"no token", p.ID, user{}, 401, "UNAUTHENTICATED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := a.call("GET", "/api/v1/payments/"+tt.id, tt.who, "", "")
			want(t, w, tt.status, tt.code)
			if tt.code == "" && decode[application.PaymentView](t, w).ID != p.ID {
				t.Fatalf("got %s", w.Body)
			}
		})
	}
}

func TestListPayments(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	ann, bob, admin := a.customer(t), a.customer(t), a.admin(t)
	first := a.pay(t, ann, "tok_chargeDeclined")
	second := a.pay(t, ann, "tok_visa")
	bobs := a.pay(t, bob, "tok_visa")
	tests := []struct {
		name, query string
		who         user
		want        []string
	}{
		{"a customer sees their own, newest first", "", ann, []string{second.ID, first.ID}},
		{"an admin sees everyone's", "", admin, []string{bobs.ID, second.ID, first.ID}},
		{"of one order", "?order_id=" + first.OrderID, ann, []string{first.ID}},
		{"not another's order", "?order_id=" + bobs.OrderID, ann, nil},
		{"pages", "?limit=1", admin, []string{bobs.ID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := a.call("GET", "/api/v1/payments"+tt.query, tt.who, "", "")
			want(t, w, http.StatusOK, "")
			var got []string
			for _, p := range decode[page.Page[application.PaymentView]](t, w).Items {
				got = append(got, p.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("listed %v; want %v", got, tt.want)
			}
		})
	}
	w := a.call("GET", "/api/v1/payments?limit=2", admin, "", "")
	next := decode[page.Page[application.PaymentView]](t, w).NextCursor
	if next == nil {
		t.Fatal("a full first page without a next cursor")
	}
	w = a.call("GET", "/api/v1/payments?limit=2&cursor="+*next, admin, "", "")
	if p := decode[page.Page[application.PaymentView]](t, w); len(p.Items) != 1 || p.Items[0].ID != first.ID || p.NextCursor != nil {
		t.Fatalf("last page %+v; want only %s and no next cursor", p, first.ID)
	}
	wantField(t, a.call("GET", "/api/v1/payments?limit=101", ann, "", ""), "limit", "out_of_range")
	wantField(t, a.call("GET", "/api/v1/payments?cursor=%21", ann, "", ""), "cursor", "invalid")
	wantField(t, a.call("GET", "/api/v1/payments?order_id=nope", ann, "", ""), "order_id", "invalid")
	want(t, a.call("GET", "/api/v1/payments", user{}, "", ""), http.StatusUnauthorized, "UNAUTHENTICATED")
}
