package httpapi_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/modmono/orders/internal/application"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/page"
)

func TestCreateProduct(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	admin := a.admin(t)
	_, customer := a.customer(t)
	w := a.call("POST", "/api/v1/products", admin, `{"sku":"MUG-1","name":"Mug","price":{"amount":1250,"currency":"EUR"}}`)
	want(t, w, http.StatusCreated, "")
	got := keys(t, w.Body.Bytes())
	slices.Sort(got)
	if wantKeys := []string{"active", "created_at", "id", "name", "price", "sku", "updated_at"}; !slices.Equal(got, wantKeys) {
		t.Fatalf("Product members %v; want %v", got, wantKeys)
	}
	if p := decode[application.ProductView](t, w); !p.Active || p.Price.Amount != 1250 {
		t.Fatalf("created %+v; want active at 1250", p)
	}
	tests := []struct {
		name, token, body string
		status            int
		code, field, fc   string
	}{
		{"a taken sku", admin, `{"sku":"MUG-1","name":"Mug","price":{"amount":1,"currency":"EUR"}}`, 409, "SKU_TAKEN", "", ""},
		{"nothing", admin, `{}`, 422, "VALIDATION_FAILED", "price", "required"},
		{"no currency", admin, `{"sku":"A","name":"A","price":{"amount":1}}`, 422, "VALIDATION_FAILED", "price.currency", "required"},
		{"a made-up currency", admin, `{"sku":"A","name":"A","price":{"amount":1,"currency":"EUX"}}`, 422, "VALIDATION_FAILED", "price.currency", "invalid_currency"},
		{"a float amount", admin, `{"sku":"A","name":"A","price":{"amount":12.5,"currency":"EUR"}}`, 422, "VALIDATION_FAILED", "price.amount", "invalid_type"},
		{"a client-chosen id", admin, `{"id":"` + ids.New() + `","sku":"A","name":"A","price":{"amount":1,"currency":"EUR"}}`, 422, "VALIDATION_FAILED", "id", "unknown_field"},
		{"a client-chosen timestamp", admin, `{"sku":"A","name":"A","price":{"amount":1,"currency":"EUR"},"created_at":"2020-01-01T00:00:00Z"}`, 422, "VALIDATION_FAILED", "created_at", "unknown_field"},
		{"a customer", customer, `{"sku":"A","name":"A","price":{"amount":1,"currency":"EUR"}}`, 403, "FORBIDDEN", "", ""},
		{"no token", "", `{"sku":"A","name":"A","price":{"amount":1,"currency":"EUR"}}`, 401, "UNAUTHENTICATED", "", ""},
		{"trailing data", admin, `{"sku":"A","name":"A","price":{"amount":1,"currency":"EUR"}} {}`, 400, "MALFORMED_JSON", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := a.call("POST", "/api/v1/products", tt.token, tt.body)
			if tt.field != "" {
				wantField(t, w, tt.code, tt.field, tt.fc)
				return
			}
			want(t, w, tt.status, tt.code)
		})
	}
}

func TestUpdateProduct(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	admin := a.admin(t)
	_, customer := a.customer(t)
	p := a.product(t, admin, "MUG-1", 1250, "EUR")
	path := "/api/v1/products/" + p.ID
	w := a.call("PATCH", path, admin, `{"price":{"amount":1500,"currency":"EUR"},"active":false}`)
	want(t, w, http.StatusOK, "")
	if got := decode[application.ProductView](t, w); got.Price.Amount != 1500 || got.Active || got.Name != p.Name || got.SKU != "MUG-1" {
		t.Fatalf("updated %+v", got)
	}
	wantField(t, a.call("PATCH", path, admin, `{"sku":"OTHER"}`), "VALIDATION_FAILED", "sku", "unknown_field")
	wantField(t, a.call("PATCH", path, admin, `{"price":{"amount":0,"currency":"EUR"}}`), "VALIDATION_FAILED", "price.amount", "out_of_range")
	wantField(t, a.call("PATCH", path, admin, `{"name":"  "}`), "VALIDATION_FAILED", "name", "required")
	want(t, a.call("PATCH", "/api/v1/products/"+ids.New(), admin, `{"name":"x"}`), 404, "PRODUCT_NOT_FOUND")
	want(t, a.call("PATCH", "/api/v1/products/42", admin, `{"name":"x"}`), 404, "PRODUCT_NOT_FOUND")
	want(t, a.call("PATCH", path, customer, `{"name":"x"}`), 403, "FORBIDDEN")
}

func TestReadingProducts(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	admin := a.admin(t)
	_, customer := a.customer(t)
	onSale, hidden := a.product(t, admin, "A", 100, "EUR"), a.product(t, admin, "B", 200, "EUR")
	want(t, a.call("PATCH", "/api/v1/products/"+hidden.ID, admin, `{"active":false}`), 200, "")
	tests := []struct {
		name, token, id string
		status          int
		code            string
	}{
		{"anyone, on sale", "", onSale.ID, 200, ""},
		{"anyone, inactive", "", hidden.ID, 404, "PRODUCT_NOT_FOUND"},
		{"a customer, inactive", customer, hidden.ID, 404, "PRODUCT_NOT_FOUND"},
		{"an admin, inactive", admin, hidden.ID, 200, ""},
		{"unknown", "", ids.New(), 404, "PRODUCT_NOT_FOUND"},
		{"not a uuid", "", "abc", 404, "PRODUCT_NOT_FOUND"},
		{"a bad token", "not.a.token", onSale.ID, 401, "UNAUTHENTICATED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want(t, a.call("GET", "/api/v1/products/"+tt.id, tt.token, ""), tt.status, tt.code)
		})
	}
	for token, wantSKUs := range map[string][]string{"": {"A"}, customer: {"A"}, admin: {"B", "A"}} {
		w := a.call("GET", "/api/v1/products", token, "")
		want(t, w, 200, "")
		var got []string
		for _, p := range decode[page.Page[application.ProductView]](t, w).Items {
			got = append(got, p.SKU)
		}
		if !slices.Equal(got, wantSKUs) {
			t.Fatalf("list gave %v; want %v", got, wantSKUs)
		}
	}
	w := a.call("GET", "/api/v1/products?limit=1", admin, "")
	p := decode[page.Page[application.ProductView]](t, w)
	if len(p.Items) != 1 || p.NextCursor == nil {
		t.Fatalf("first page of 1: %+v", p)
	}
	w = a.call("GET", "/api/v1/products?limit=1&cursor="+*p.NextCursor, admin, "")
	if last := decode[page.Page[application.ProductView]](t, w); len(last.Items) != 1 || last.NextCursor != nil || last.Items[0].SKU != "A" {
		t.Fatalf("last page: %s", w.Body)
	}
	wantField(t, a.call("GET", "/api/v1/products?limit=101", "", ""), "VALIDATION_FAILED", "limit", "out_of_range")
	wantField(t, a.call("GET", "/api/v1/products?limit=x", "", ""), "VALIDATION_FAILED", "limit", "out_of_range")
	wantField(t, a.call("GET", "/api/v1/products?cursor=!!", "", ""), "VALIDATION_FAILED", "cursor", "invalid")
	want(t, a.call("GET", "/api/v1/products", "bad", ""), 401, "UNAUTHENTICATED")
}
