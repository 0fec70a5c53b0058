package httpapi_test

import (
	"reflect"
	"testing"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/auth/internal/interfaces/httpapi"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/openapi"
)

// The OpenAPI document tells clients every rule the domain enforces on a request member that a
// schema can say, with the domain's own constants: a rule changed in the domain changes here.
func TestTheDocumentStatesTheDomainRules(t *testing.T) {
	t.Parallel()
	doc, err := openapi.Build(openapi.Info{Title: "auth", Version: "1", Tags: []openapi.Tag{{Name: "auth", Description: "auth"}}},
		httpapi.Routes(nil, httpapi.Limits{}))
	if err != nil {
		t.Fatal(err)
	}
	email := httpx.Rule{Format: "email", MaxLength: domain.MaxEmailLength}
	password := httpx.Rule{MinLength: domain.MinPasswordRunes, MaxLength: domain.MaxPasswordRunes}
	fullName := httpx.Rule{MinLength: 1, MaxLength: domain.MaxFullNameRunes, Pattern: domain.FullNamePattern}
	for _, tc := range []struct {
		method, path, member string
		want                 httpx.Rule
	}{
		{"POST", "/api/v1/auth/register", "email", email},
		{"POST", "/api/v1/auth/register", "password", password},
		{"POST", "/api/v1/auth/register", "full_name", fullName},
		{"PATCH", "/api/v1/auth/me", "full_name", fullName},
		{"POST", "/api/v1/auth/password", "new_password", password},
		{"POST", "/api/v1/auth/password-reset", "email", email},
		{"POST", "/api/v1/auth/password-reset/confirm", "new_password", password},
		{"PATCH", "/api/v1/users/{id}", "full_name", fullName},
		{"PATCH", "/api/v1/users/{id}", "roles[]", httpx.Rule{Enum: []string{string(domain.RoleCustomer), string(domain.RoleAdmin)}}},
		// Sign-in refuses nothing for its shape: a malformed address is an unknown one (401).
		{"POST", "/api/v1/auth/login", "email", httpx.Rule{}},
		{"POST", "/api/v1/auth/login", "password", httpx.Rule{}},
		{"POST", "/api/v1/auth/password", "current_password", httpx.Rule{}},
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
