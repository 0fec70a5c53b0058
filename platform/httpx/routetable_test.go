package httpx_test

import (
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/httpx"
)

func TestNewRouteTableRejectsBadRoutes(t *testing.T) {
	t.Parallel()
	h := func(echo.Context) error { return nil }
	for _, tc := range []struct {
		name   string
		routes []httpx.Route
		want   string
	}{
		{"a duplicate", []httpx.Route{{Method: "GET", Path: "/a", Handler: h}, {Method: "GET", Path: "/a", Handler: h}}, "duplicates"},
		{"a duplicate up to parameter names", []httpx.Route{{Method: "GET", Path: "/u/:id", Handler: h}, {Method: "GET", Path: "/u/:uid", Handler: h}}, "duplicates"},
		{"no handler", []httpx.Route{{Method: "GET", Path: "/a"}}, "no handler"},
		{"a lower-case method", []httpx.Route{{Method: "get", Path: "/a", Handler: h}}, "method"},
		{"a relative path", []httpx.Route{{Method: "GET", Path: "a", Handler: h}}, "path"},
		{"a protected route without a verifier", []httpx.Route{{Method: "GET", Path: "/a", Access: httpx.User, Handler: h}}, "verifier"},
		{"an unknown access", []httpx.Route{{Method: "GET", Path: "/a", Access: 9, Handler: h}}, "access"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := httpx.NewRouteTable(tc.routes, false)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("NewRouteTable = %v, want an error about %q", err, tc.want)
			}
		})
	}
	ok := []httpx.Route{{Method: "GET", Path: "/u/:id", Handler: h}, {Method: "POST", Path: "/u/:id", Handler: h}, {Method: "GET", Path: "/u/:id/x", Handler: h}}
	if _, err := httpx.NewRouteTable(ok, false); err != nil {
		t.Fatalf("distinct routes: %v", err)
	}
}
