package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/internal/servertest"
)

// TestAccessCheckHandsTheVerifiedTokenOn: a handler that calls another service presents the
// caller's own token, and only one the server has verified.
func TestAccessCheckHandsTheVerifiedTokenOn(t *testing.T) {
	t.Parallel()
	seenToken := func(c echo.Context) error {
		raw, ok := authn.TokenFrom(c.Request().Context())
		if !ok {
			raw = "<none>"
		}
		return c.String(http.StatusOK, raw)
	}
	s := servertest.New(t, httpserver.Config{},
		httpx.Route{Method: http.MethodGet, Path: "/token/user", Access: httpx.User, Handler: seenToken},
		httpx.Route{Method: http.MethodGet, Path: "/token/admin", Access: httpx.Admin, Handler: seenToken},
		httpx.Route{Method: http.MethodGet, Path: "/token/public", Access: httpx.Public, Handler: seenToken},
	)
	customer, admin := s.Token(t, "customer"), s.Token(t, "customer", "admin")
	tests := []struct {
		name, path, token, want string
	}{
		{"a user route sees the customer's token", "/token/user", customer, customer},
		{"an admin route sees the admin's token", "/token/admin", admin, admin},
		{"a public route is handed no token, even when one is sent", "/token/public", customer, "<none>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := httptest.NewRequest(http.MethodGet, tt.path, nil)
			req.Header.Set("Authorization", "Bearer "+tt.token)
			rec := s.Do(req)
			if rec.Code != http.StatusOK || rec.Body.String() != tt.want {
				t.Fatalf("got %d %q; want 200 %q", rec.Code, rec.Body, tt.want)
			}
		})
	}
}
