package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/internal/servertest"
	"github.com/modmono/platform/page"
)

func TestPathID(t *testing.T) {
	t.Parallel()
	route := httpx.Route{Method: http.MethodGet, Path: "/users/:id", Handler: func(c echo.Context) error {
		id, err := httpx.PathID(c, "id", "USER_NOT_FOUND", "no such user")
		if err != nil {
			return err
		}
		return c.String(http.StatusOK, id)
	}}
	s := servertest.New(t, httpserver.Config{}, route)
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
		rec := s.Do(httptest.NewRequest(http.MethodGet, "/users/"+tc.id, nil))
		if rec.Code != tc.status {
			t.Errorf("id %q: status %d, want %d", tc.id, rec.Code, tc.status)
			continue
		}
		if tc.status == 404 {
			if p := servertest.DecodeProblem(t, rec); p.Code != "USER_NOT_FOUND" {
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
	s := servertest.New(t, httpserver.Config{}, route)
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
		rec := s.Do(httptest.NewRequest(http.MethodGet, "/list"+tc.query, nil))
		if rec.Code != tc.status {
			t.Errorf("%q: status %d, want %d", tc.query, rec.Code, tc.status)
			continue
		}
		if tc.status == 422 {
			if p := servertest.DecodeProblem(t, rec); len(p.Errors) != 1 || p.Errors[0].Field != tc.field {
				t.Errorf("%q: errors %+v, want one for %s", tc.query, p.Errors, tc.field)
			}
		}
	}
}
