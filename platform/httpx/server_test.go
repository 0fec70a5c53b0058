package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/page"
)

func TestNewRejectsBadRouteTables(t *testing.T) {
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
			_, err := httpx.New(httpx.ServerConfig{}, httpx.Deps{}, tc.routes)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("New = %v, want an error about %q", err, tc.want)
			}
		})
	}
	ok := []httpx.Route{{Method: "GET", Path: "/u/:id", Handler: h}, {Method: "POST", Path: "/u/:id", Handler: h}, {Method: "GET", Path: "/u/:id/x", Handler: h}}
	if _, err := httpx.New(httpx.ServerConfig{}, httpx.Deps{}, ok); err != nil {
		t.Fatalf("distinct routes: %v", err)
	}
}

func TestNewHTTPServerSetsTimeouts(t *testing.T) {
	t.Parallel()
	srv := httpx.NewHTTPServer(httpx.ServerConfig{Addr: ":9999", WriteTimeout: time.Minute}, http.NotFoundHandler())
	if srv.Addr != ":9999" || srv.WriteTimeout != time.Minute {
		t.Errorf("configured values not kept: %+v", srv)
	}
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.IdleTimeout <= 0 || srv.Handler == nil {
		t.Errorf("a timeout is unset: %+v", srv)
	}
}

func TestPathID(t *testing.T) {
	t.Parallel()
	route := httpx.Route{Method: http.MethodGet, Path: "/users/:id", Handler: func(c echo.Context) error {
		id, err := httpx.PathID(c, "id", "USER_NOT_FOUND", "no such user")
		if err != nil {
			return err
		}
		return c.String(http.StatusOK, id)
	}}
	s := newTestServer(t, httpx.ServerConfig{}, route)
	for _, tc := range []struct {
		id, want string
		status   int
	}{
		{"0190a6f1-7c1e-7bbb-8f3a-0123456789ab", "0190a6f1-7c1e-7bbb-8f3a-0123456789ab", 200},
		{"0190A6F1-7C1E-7BBB-8F3A-0123456789AB", "0190a6f1-7c1e-7bbb-8f3a-0123456789ab", 200},
		{"42", "", 404},
		{"0190a6f17c1e7bbb8f3a0123456789ab", "", 404},
		{"%27%20OR%201%3D1", "", 404},
	} {
		rec := s.do(httptest.NewRequest(http.MethodGet, "/users/"+tc.id, nil))
		if rec.Code != tc.status {
			t.Errorf("id %q: status %d, want %d", tc.id, rec.Code, tc.status)
			continue
		}
		if tc.status == 404 {
			if p := decodeProblem(t, rec); p.Code != "USER_NOT_FOUND" {
				t.Errorf("id %q: code %q, want USER_NOT_FOUND", tc.id, p.Code)
			}
		} else if rec.Body.String() != tc.want {
			t.Errorf("id %q: got %q, want %q", tc.id, rec.Body, tc.want)
		}
	}
}

func TestPageRequest(t *testing.T) {
	t.Parallel()
	route := httpx.Route{Method: http.MethodGet, Path: "/list", Handler: func(c echo.Context) error {
		req, err := httpx.PageRequest(c)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, req)
	}}
	s := newTestServer(t, httpx.ServerConfig{}, route)
	for _, tc := range []struct {
		query, field string
		status       int
	}{
		{"", "", 200},
		{"?limit=100&cursor=" + page.EncodeCursor("k"), "", 200},
		{"?limit=0", "limit", 422},
		{"?limit=101", "limit", 422},
		{"?cursor=%25%25", "cursor", 422},
	} {
		rec := s.do(httptest.NewRequest(http.MethodGet, "/list"+tc.query, nil))
		if rec.Code != tc.status {
			t.Errorf("%q: status %d, want %d", tc.query, rec.Code, tc.status)
			continue
		}
		if tc.status == 422 {
			if p := decodeProblem(t, rec); len(p.Errors) != 1 || p.Errors[0].Field != tc.field {
				t.Errorf("%q: errors %+v, want one for %s", tc.query, p.Errors, tc.field)
			}
		}
	}
}
