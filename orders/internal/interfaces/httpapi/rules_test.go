package httpapi_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/orders/internal/interfaces/httpapi"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
	"github.com/modmono/platform/openapi"
)

// The OpenAPI document tells clients every rule the domain enforces on a request member that a
// schema can say, with the domain's own constants: a rule changed in the domain changes here.
func TestTheDocumentStatesTheDomainRules(t *testing.T) {
	t.Parallel()
	tags := []openapi.Tag{{Name: "products", Description: "p"}, {Name: "orders", Description: "o"}}
	doc, err := openapi.Build(openapi.Info{Title: "orders", Version: "1", Tags: tags}, httpapi.Routes(nil, nil, nil, httpapi.Limits{}))
	if err != nil {
		t.Fatal(err)
	}
	name := httpx.Rule{MinLength: 1, MaxLength: domain.MaxNameLength, Pattern: domain.NamePattern}
	amount := httpx.Rule{Minimum: httpx.Int(domain.MinPriceAmount), Maximum: httpx.Int(domain.MaxPriceAmount)}
	currency := httpx.Rule{Enum: money.Currencies()}
	for _, tc := range []struct {
		method, path, member string
		want                 httpx.Rule
	}{
		{"POST", "/api/v1/products", "sku", httpx.Rule{MinLength: 1, MaxLength: domain.MaxSKULength, Pattern: domain.SKUPattern}},
		{"POST", "/api/v1/products", "name", name},
		{"POST", "/api/v1/products", "price.amount", amount},
		{"POST", "/api/v1/products", "price.currency", currency},
		{"POST", "/api/v1/products", "active", httpx.Rule{}},
		{"PATCH", "/api/v1/products/{id}", "name", name},
		{"PATCH", "/api/v1/products/{id}", "price.amount", amount},
		{"PATCH", "/api/v1/products/{id}", "price.currency", currency},
		{"POST", "/api/v1/orders", "items", httpx.Rule{MinItems: domain.MinItems, MaxItems: domain.MaxItems}},
		{"POST", "/api/v1/orders", "items[].quantity", httpx.Rule{Minimum: httpx.Int(domain.MinQuantity), Maximum: httpx.Int(domain.MaxQuantity)}},
		{"POST", "/api/v1/orders", "items[].product_id", httpx.Rule{Format: ids.Format}},
	} {
		s := doc.RequestMember(tc.method, tc.path, tc.member)
		if s == nil {
			t.Errorf("%s %s: no member %s", tc.method, tc.path, tc.member)
			continue
		}
		if got := s.Rule(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s %s %s: the document states %+v, the domain %+v", tc.method, tc.path, tc.member, got, tc.want)
		}
	}
	var status []any
	for _, p := range doc.Paths["/api/v1/orders"]["get"].Parameters {
		if p.Name == "status" {
			status = p.Schema.Enum
		}
	}
	if got := fmt.Sprint(status); got != fmt.Sprint(domain.StatusNames()) {
		t.Errorf("GET /api/v1/orders ?status= enum %s, the domain's statuses %v", got, domain.StatusNames())
	}
}
