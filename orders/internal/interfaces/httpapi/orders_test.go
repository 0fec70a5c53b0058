package httpapi_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/modmono/orders/internal/application"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/page"
)

func TestPlaceOrder(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	admin := a.admin(t)
	me, token := a.customer(t)
	mug, yen := a.product(t, admin, "MUG", 1250, "EUR"), a.product(t, admin, "YEN", 500, "JPY")
	w := a.call("POST", "/api/v1/orders", token, `{"items":[{"product_id":"`+mug.ID+`","quantity":2}]}`)
	want(t, w, http.StatusCreated, "")
	got := keys(t, w.Body.Bytes())
	slices.Sort(got)
	if wantKeys := []string{"created_at", "customer_id", "id", "items", "status", "total", "updated_at"}; !slices.Equal(got, wantKeys) {
		t.Fatalf("Order members %v; want %v", got, wantKeys)
	}
	o := decode[application.OrderView](t, w)
	if o.CustomerID != me || o.Status != "pending" || o.Total.Amount != 2500 || o.Items[0].UnitPrice.Amount != 1250 {
		t.Fatalf("placed %+v", o)
	}
	item := func(id, extra string) string {
		return `{"items":[{"product_id":"` + id + `","quantity":1` + extra + `}]}`
	}
	tests := []struct {
		name, body      string
		code, field, fc string
	}{
		{"a client price", item(mug.ID, `,"unit_price":{"amount":1,"currency":"EUR"}`), "VALIDATION_FAILED", "items[0].unit_price", "unknown_field"},
		{"a client total", `{"items":[{"product_id":"` + mug.ID + `","quantity":1}],"total":{"amount":1,"currency":"EUR"}}`, "VALIDATION_FAILED", "total", "unknown_field"},
		{"a client status", `{"items":[{"product_id":"` + mug.ID + `","quantity":1}],"status":"paid"}`, "VALIDATION_FAILED", "status", "unknown_field"},
		{"a client customer", `{"items":[{"product_id":"` + mug.ID + `","quantity":1}],"customer_id":"` + ids.New() + `"}`, "VALIDATION_FAILED", "customer_id", "unknown_field"},
		{"an unknown product", item(ids.New(), ""), "VALIDATION_FAILED", "items[0].product_id", "unknown_product"},
		{"a product id that is no id", item("mug", ""), "VALIDATION_FAILED", "items[0].product_id", "unknown_product"},
		{"quantity 0", `{"items":[{"product_id":"` + mug.ID + `","quantity":0}]}`, "VALIDATION_FAILED", "items[0].quantity", "out_of_range"},
		{"a missing quantity", `{"items":[{"product_id":"` + mug.ID + `"}]}`, "VALIDATION_FAILED", "items[0].quantity", "required"},
		{"no items member", `{}`, "VALIDATION_FAILED", "items", "required"},
		{"no items", `{"items":[]}`, "VALIDATION_FAILED", "items", "required"},
		{"mixed currencies", `{"items":[{"product_id":"` + mug.ID + `","quantity":1},{"product_id":"` + yen.ID + `","quantity":1}]}`, "CURRENCY_MISMATCH", "items[1].product_id", "currency_mismatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantField(t, a.call("POST", "/api/v1/orders", token, tt.body), tt.code, tt.field, tt.fc)
		})
	}
	want(t, a.call("POST", "/api/v1/orders", "", item(mug.ID, "")), 401, "UNAUTHENTICATED")
}

func TestPlaceOrderWithAnIdempotencyKey(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	admin := a.admin(t)
	_, token := a.customer(t)
	mug := a.product(t, admin, "MUG", 1250, "EUR")
	body := `{"items":[{"product_id":"` + mug.ID + `","quantity":1}]}`
	first := a.call("POST", "/api/v1/orders", token, body, "Idempotency-Key", "order-1")
	want(t, first, http.StatusCreated, "")
	again := a.call("POST", "/api/v1/orders", token, body, "Idempotency-Key", "order-1")
	want(t, again, http.StatusCreated, "")
	if again.Header().Get("Idempotent-Replayed") != "true" || again.Body.String() != first.Body.String() {
		t.Fatalf("retry: replayed %q, body %s; want the first answer replayed", again.Header().Get("Idempotent-Replayed"), again.Body)
	}
	other := strings.Replace(body, `"quantity":1`, `"quantity":2`, 1)
	want(t, a.call("POST", "/api/v1/orders", token, other, "Idempotency-Key", "order-1"), 422, "IDEMPOTENCY_KEY_REUSED")
	want(t, a.call("POST", "/api/v1/orders", token, body, "Idempotency-Key", strings.Repeat("k", 256)), 400, "IDEMPOTENCY_KEY_INVALID")
	w := a.call("GET", "/api/v1/orders", token, "")
	if n := len(decode[page.Page[application.OrderView]](t, w).Items); n != 1 {
		t.Fatalf("%d orders; want the one", n)
	}
}

func TestGetOrder(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	admin := a.admin(t)
	_, ann := a.customer(t)
	_, bob := a.customer(t)
	o := a.order(t, ann, a.product(t, admin, "A", 100, "EUR"))
	tests := []struct {
		name, token, id string
		status          int
		code            string
	}{
		{"owner", ann, o.ID, 200, ""},
		{"admin", admin, o.ID, 200, ""},
		{"someone else's order is not found", bob, o.ID, 404, "ORDER_NOT_FOUND"},
		{"unknown", admin, ids.New(), 404, "ORDER_NOT_FOUND"},
		{"not a uuid", admin, "42", 404, "ORDER_NOT_FOUND"},
		{"no token", "", o.ID, 401, "UNAUTHENTICATED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want(t, a.call("GET", "/api/v1/orders/"+tt.id, tt.token, ""), tt.status, tt.code)
		})
	}
}

func TestListOrders(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	admin := a.admin(t)
	annID, ann := a.customer(t)
	bobID, bob := a.customer(t)
	p := a.product(t, admin, "A", 100, "EUR")
	a1, b1, a2 := a.order(t, ann, p), a.order(t, bob, p), a.order(t, ann, p)
	want(t, a.call("POST", "/api/v1/orders/"+a1.ID+"/cancel", ann, ""), 200, "")
	list := func(token, query string) []string {
		t.Helper()
		w := a.call("GET", "/api/v1/orders"+query, token, "")
		want(t, w, 200, "")
		var got []string
		for _, o := range decode[page.Page[application.OrderView]](t, w).Items {
			got = append(got, o.ID)
		}
		return got
	}
	tests := []struct {
		name, token, query string
		want               []string
	}{
		{"own orders", ann, "", []string{a2.ID, a1.ID}},
		{"a customer's customer_id is ignored", ann, "?customer_id=" + bobID, []string{a2.ID, a1.ID}},
		{"by status", ann, "?status=cancelled", []string{a1.ID}},
		{"admin: all", admin, "", []string{a2.ID, b1.ID, a1.ID}},
		{"admin: one customer", admin, "?customer_id=" + annID + "&status=pending", []string{a2.ID}},
	}
	for _, tt := range tests {
		if got := list(tt.token, tt.query); !slices.Equal(got, tt.want) {
			t.Fatalf("%s: %v; want %v", tt.name, got, tt.want)
		}
	}
	w := a.call("GET", "/api/v1/orders?limit=2", admin, "")
	first := decode[page.Page[application.OrderView]](t, w)
	if len(first.Items) != 2 || first.NextCursor == nil {
		t.Fatalf("first page: %s", w.Body)
	}
	w = a.call("GET", "/api/v1/orders?limit=2&cursor="+*first.NextCursor, admin, "")
	if !strings.Contains(w.Body.String(), `"next_cursor":null`) || len(decode[page.Page[application.OrderView]](t, w).Items) != 1 {
		t.Fatalf("last page: %s", w.Body)
	}
	wantField(t, a.call("GET", "/api/v1/orders?status=shipped", ann, ""), "VALIDATION_FAILED", "status", "invalid")
	wantField(t, a.call("GET", "/api/v1/orders?limit=0", ann, ""), "VALIDATION_FAILED", "limit", "out_of_range")
	wantField(t, a.call("GET", "/api/v1/orders?cursor=zzz", ann, ""), "VALIDATION_FAILED", "cursor", "invalid")
	wantField(t, a.call("GET", "/api/v1/orders?customer_id=bob", admin, ""), "VALIDATION_FAILED", "customer_id", "invalid")
	want(t, a.call("GET", "/api/v1/orders", "", ""), 401, "UNAUTHENTICATED")
}

func TestCancelOrder(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	admin := a.admin(t)
	_, ann := a.customer(t)
	_, bob := a.customer(t)
	p := a.product(t, admin, "A", 100, "EUR")
	o := a.order(t, ann, p)
	path := "/api/v1/orders/" + o.ID + "/cancel"

	want(t, a.call("POST", path, bob, ""), 404, "ORDER_NOT_FOUND")
	if got := decode[application.OrderView](t, a.call("GET", "/api/v1/orders/"+o.ID, ann, "")); got.Status != "pending" {
		t.Fatalf("another customer's cancel left the order %s", got.Status)
	}
	w := a.call("POST", path, ann, "")
	want(t, w, 200, "")
	if got := decode[application.OrderView](t, w); got.Status != "cancelled" || got.ID != o.ID {
		t.Fatalf("cancel answered %+v", got)
	}
	want(t, a.call("POST", path, ann, ""), 409, "ORDER_NOT_CANCELLABLE")
	want(t, a.call("POST", path, admin, ""), 409, "ORDER_NOT_CANCELLABLE")
	byAdmin := a.order(t, bob, p)
	want(t, a.call("POST", "/api/v1/orders/"+byAdmin.ID+"/cancel", admin, ""), 200, "")
	want(t, a.call("POST", "/api/v1/orders/"+ids.New()+"/cancel", admin, ""), 404, "ORDER_NOT_FOUND")
	want(t, a.call("POST", "/api/v1/orders/nope/cancel", admin, ""), 404, "ORDER_NOT_FOUND")
	want(t, a.call("POST", path, "", ""), 401, "UNAUTHENTICATED")
}
