package middleware_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/internal/servertest"
	"github.com/modmono/platform/middleware"
)

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	auto := servertest.New(t, httpserver.Config{TrustedProxies: proxies})
	always := servertest.New(t, httpserver.Config{HSTS: "ALWAYS"})
	off := servertest.New(t, httpserver.Config{TrustedProxies: proxies, HSTS: middleware.HSTSOff})
	const hsts = "max-age=63072000"
	for _, tc := range []struct {
		name          string
		s             *servertest.Server
		method, path  string
		peer, proto   string
		authorization bool
		wantStatus    int
		wantCache     string
		wantHSTS      string
	}{
		{"public GET without credentials may be cached", auto, "GET", "/ok", "203.0.113.9:1", "", false, 200, "", ""},
		{"public GET with a token is personal", auto, "GET", "/ok", "203.0.113.9:1", "", true, 200, "no-store", ""},
		{"a user's route", auto, "GET", "/me", "203.0.113.9:1", "", true, 200, "no-store", ""},
		{"a public POST (login, register)", auto, "POST", "/action", "203.0.113.9:1", "", false, 204, "no-store", ""},
		{"an error answer", auto, "GET", "/fail/notfound", "203.0.113.9:1", "", false, 404, "", ""},
		{"an unknown route", auto, "GET", "/nowhere", "203.0.113.9:1", "", false, 404, "no-store", ""},
		{"HTTPS through a trusted proxy", auto, "GET", "/ok", "10.0.0.2:1", "https", false, 200, "", hsts},
		{"HTTPS, chain of proxies: the last one counts", auto, "GET", "/ok", "10.0.0.2:1", "http, https", false, 200, "", hsts},
		{"plain HTTP through a trusted proxy", auto, "GET", "/ok", "10.0.0.2:1", "http", false, 200, "", ""},
		{"X-Forwarded-Proto from a stranger is ignored", auto, "GET", "/ok", "203.0.113.9:1", "https", false, 200, "", ""},
		{"always", always, "GET", "/ok", "203.0.113.9:1", "", false, 200, "", hsts},
		{"off, even over HTTPS", off, "GET", "/ok", "10.0.0.2:1", "https", false, 200, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req := httptest.NewRequest(tc.method, tc.path, nil)
			req.RemoteAddr = tc.peer
			if tc.proto != "" {
				req.Header.Set("X-Forwarded-Proto", tc.proto)
			}
			if tc.authorization {
				req.Header.Set("Authorization", "Bearer "+tc.s.Token(t))
			}
			rec := tc.s.Do(req)
			if rec.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.wantStatus, rec.Body)
			}
			h := rec.Header()
			if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
			}
			// /fail/:kind is a public GET: cacheable by this rule, like the catalogue's 404s.
			if got := h.Get("Cache-Control"); got != tc.wantCache {
				t.Errorf("Cache-Control = %q, want %q", got, tc.wantCache)
			}
			if got := h.Get("Strict-Transport-Security"); got != tc.wantHSTS {
				t.Errorf("Strict-Transport-Security = %q, want %q", got, tc.wantHSTS)
			}
		})
	}
}

// TestHeadAnswersWhereGetDoes goes through a real net/http server, which is what drops a HEAD
// answer's body.
func TestHeadAnswersWhereGetDoes(t *testing.T) {
	t.Parallel()
	s := servertest.New(t, httpserver.Config{})
	srv := httptest.NewServer(httpserver.HeadAsGet(s.Router))
	t.Cleanup(srv.Close)
	for _, tc := range []struct {
		name, path string
		token      bool
		want       int
	}{
		{"a public GET route", "/ok", false, http.StatusOK},
		{"a user's GET route checks the token as GET does", "/me", false, http.StatusUnauthorized},
		{"with the token", "/me", true, http.StatusOK},
		{"an unknown path", "/nowhere", false, http.StatusNotFound},
		{"a POST-only route", "/action", false, http.StatusMethodNotAllowed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req, err := http.NewRequest(http.MethodHead, srv.URL+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.token {
				req.Header.Set("Authorization", "Bearer "+s.Token(t))
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.want || len(body) != 0 {
				t.Fatalf("HEAD %s: %d with %d body bytes, want %d and none", tc.path, resp.StatusCode, len(body), tc.want)
			}
			if resp.Header.Get(httpx.HeaderRequestID) == "" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("HEAD lacks the headers a GET has: %v", resp.Header)
			}
		})
	}
}

// The headers' values are made once and shared by every answer: a handler adding to one of
// them changes its own answer only.
func TestSecurityHeaderValuesAreNotSharedWithTheNextAnswer(t *testing.T) {
	t.Parallel()
	h := middleware.SecurityHeaders(httpx.RouteTable{}, nil, middleware.HSTSAlways)(func(c echo.Context) error {
		for _, k := range []string{echo.HeaderCacheControl, echo.HeaderXContentTypeOptions, echo.HeaderStrictTransportSecurity} {
			c.Response().Header().Add(k, "extra")
		}
		return c.NoContent(http.StatusNoContent)
	})
	for i := range 2 {
		rec := httptest.NewRecorder()
		if err := h(echo.New().NewContext(httptest.NewRequest(http.MethodPost, "/", nil), rec)); err != nil {
			t.Fatal(err)
		}
		for k, want := range map[string]string{
			echo.HeaderCacheControl: "no-store", echo.HeaderXContentTypeOptions: "nosniff",
			echo.HeaderStrictTransportSecurity: "max-age=63072000",
		} {
			if got := rec.Header().Values(k); len(got) != 2 || got[0] != want || got[1] != "extra" {
				t.Errorf("answer %d: %s = %q, want [%s extra]", i, k, got, want)
			}
		}
	}
}
