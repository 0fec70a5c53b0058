package httpapi_test

import (
	"reflect"
	"testing"

	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/payments/internal/interfaces/httpapi"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/money"
	"github.com/modmono/platform/openapi"
)

// The OpenAPI document tells clients every rule the domain enforces on a request member that a
// schema can say, with the domain's own constants: a rule changed in the domain changes here.
func TestTheDocumentStatesTheDomainRules(t *testing.T) {
	t.Parallel()
	doc, err := openapi.Build(openapi.Info{Title: "payments", Version: "1", Tags: []openapi.Tag{{Name: "payments", Description: "p"}}},
		httpapi.Routes(nil, nil, httpapi.Limits{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		method, path, member string
		want                 httpx.Rule
	}{
		{"POST", "/api/v1/payments", "payment_method.type", httpx.Rule{Enum: []string{domain.MethodCard}}},
		{"POST", "/api/v1/payments", "payment_method.token", httpx.Rule{MinLength: 1, MaxLength: domain.MaxTokenLength}},
		{"POST", "/api/v1/payments", "order_id", httpx.Rule{}}, // an unknown order is a 404, whatever its form
		{"POST", "/api/v1/payments/{id}/refunds", "amount.amount", httpx.Rule{Minimum: httpx.Int(domain.MinRefundAmount)}},
		{"POST", "/api/v1/payments/{id}/refunds", "amount.currency", httpx.Rule{Enum: money.Currencies()}},
		{"POST", "/api/v1/payments/{id}/refunds", "reason", httpx.Rule{MaxLength: domain.MaxReasonRunes, Pattern: domain.ReasonPattern}},
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
}
