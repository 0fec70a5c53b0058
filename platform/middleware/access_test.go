package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/internal/servertest"
)

func TestAccessChecks(t *testing.T) {
	t.Parallel()
	s := servertest.New(t, httpserver.Config{})
	customer, admin := s.Token(t, "customer"), s.Token(t, "customer", "admin")
	for _, tc := range []struct {
		name, path, authorization string
		status                    int
		code                      string
	}{
		{"user route, no header", "/me", "", 401, "UNAUTHENTICATED"},
		{"user route, garbage token", "/me", "Bearer garbage", 401, "UNAUTHENTICATED"},
		{"user route, wrong scheme", "/me", "Basic " + customer, 401, "UNAUTHENTICATED"},
		{"user route, scheme only", "/me", "Bearer", 401, "UNAUTHENTICATED"},
		{"user route, tampered token", "/me", "Bearer " + customer[:len(customer)-4] + "AAAA", 401, "UNAUTHENTICATED"},
		{"user route, customer", "/me", "Bearer " + customer, 200, ""},
		{"user route, lower-case scheme", "/me", "bearer " + customer, 200, ""},
		{"admin route, no header", "/admin", "", 401, "UNAUTHENTICATED"},
		{"admin route, customer", "/admin", "Bearer " + customer, 403, "FORBIDDEN"},
		{"admin route, admin", "/admin", "Bearer " + admin, 200, ""},
		{"public route ignores a bad token", "/ok", "Bearer garbage", 200, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req := httptest.NewRequest(http.MethodGet, tc.path, nil)
			if tc.authorization != "" {
				req.Header.Set("Authorization", tc.authorization)
			}
			rec := s.Do(req)
			if rec.Code != tc.status {
				t.Fatalf("status = %d, want %d; body %s", rec.Code, tc.status, rec.Body)
			}
			if tc.code != "" {
				if p := servertest.DecodeProblem(t, rec); p.Code != tc.code {
					t.Errorf("code = %q, want %q", p.Code, tc.code)
				}
			}
			if wa := rec.Header().Get("WWW-Authenticate"); (tc.status == 401) != (wa == "Bearer") {
				t.Errorf("WWW-Authenticate = %q on a %d", wa, tc.status)
			}
			if tc.status == 200 && tc.path != "/ok" && !strings.Contains(rec.Body.String(), servertest.UserID) {
				t.Errorf("handler did not see the principal: %s", rec.Body)
			}
		})
	}
}

func TestAccessLogNamesTheUserButNeverTheToken(t *testing.T) {
	t.Parallel()
	s := servertest.New(t, httpserver.Config{})
	tok := s.Token(t, "customer")
	req := httptest.NewRequest(http.MethodGet, "/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	req.RemoteAddr = "198.51.100.7:5555"
	rec := s.Do(req)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	if strings.Contains(s.Logs.String(), tok[len(tok)-20:]) {
		t.Fatalf("the token reached the log: %s", s.Logs)
	}
	lines := s.Logs.Lines(t)
	if len(lines) != 1 {
		t.Fatalf("want one access log line, got %v", lines)
	}
	want := map[string]any{
		"msg": "http request", "level": "INFO", "method": "GET", "route": "/me", "path": "/me", "status": float64(200),
		"request_id": rec.Header().Get(httpx.HeaderRequestID), "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
		"user_id": servertest.UserID, "client_ip": "198.51.100.7",
	}
	for k, v := range want {
		if lines[0][k] != v {
			t.Errorf("log %s = %v, want %v", k, lines[0][k], v)
		}
	}
	for _, k := range []string{"duration_ms", "bytes"} {
		if _, ok := lines[0][k].(float64); !ok {
			t.Errorf("log lacks numeric %s: %v", k, lines[0])
		}
	}
}

func TestHandlersRunInsideTheCallersTrace(t *testing.T) {
	t.Parallel()
	s := servertest.New(t, httpserver.Config{}, httpx.Route{Method: http.MethodGet, Path: "/trace", Handler: servertest.TraceIDHandler})
	for _, tc := range []struct{ traceparent, want string }{
		{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "4bf92f3577b34da6a3ce929d0e0e4736"},
		{"garbage", ""},
		{"", ""},
	} {
		req := httptest.NewRequest(http.MethodGet, "/trace", nil)
		if tc.traceparent != "" {
			req.Header.Set("traceparent", tc.traceparent)
		}
		if got := s.Do(req).Body.String(); got != tc.want {
			t.Errorf("traceparent %q: handler saw trace %q, want %q", tc.traceparent, got, tc.want)
		}
	}
}
