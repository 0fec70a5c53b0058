package middleware_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/internal/servertest"
	"github.com/modmono/platform/logging"
)

// No log line may carry a credential: not the bearer token (valid or not), not a password sent
// in a body, whatever the answer (success, refusal, server error).
func TestAccessLogNeverCarriesTokensOrPasswords(t *testing.T) {
	t.Parallel()
	const password = "correct-horse-battery-staple-42"
	const garbageToken = "eyJhbGciOiJub25lIn0.c2VjcmV0LXRva2VuLXBheWxvYWQ.c2ln"
	tests := []struct {
		name       string
		method     string
		target     string
		body       string
		validToken bool
		token      string
		wantStatus int
	}{
		{"valid token, password body", http.MethodPost, "/action", `{"password":"` + password + `"}`, true, "", http.StatusNoContent},
		{"valid token on a user route", http.MethodGet, "/me", "", true, "", http.StatusOK},
		{"invalid token refused", http.MethodGet, "/me", "", false, garbageToken, http.StatusUnauthorized},
		{"password in a body the binder refuses", http.MethodPost, "/orders", `{"items":[],"password":"` + password + `"}`, false, garbageToken, http.StatusUnprocessableEntity},
		{"password in a malformed body", http.MethodPost, "/orders", `{"note":"` + password, true, "", http.StatusBadRequest},
		{"server error", http.MethodGet, "/fail/internalmsg", "", true, "", http.StatusInternalServerError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := servertest.New(t, httpserver.Config{})
			token := tt.token
			if tt.validToken {
				token = s.Token(t, "user")
			}
			req := servertest.JSONRequest(tt.method, tt.target, tt.body)
			req.Header.Set("Authorization", "Bearer "+token)
			rec := s.Do(req)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.wantStatus, rec.Body)
			}
			logs := s.Logs.String()
			if len(s.Logs.Lines(t)) == 0 {
				t.Fatal("no access log line")
			}
			for what, secret := range map[string]string{"the bearer token": token, "the password": password} {
				if strings.Contains(logs, secret) {
					t.Errorf("the logs carry %s:\n%s", what, logs)
				}
			}
			// Nor any part of it: the payload names the user.
			if parts := strings.Split(token, "."); len(parts) == 3 && strings.Contains(logs, parts[1]) {
				t.Errorf("the logs carry the token's payload:\n%s", logs)
			}
		})
	}
}

func TestInternalErrorsAreLoggedWithTheirCause(t *testing.T) {
	t.Parallel()
	s := servertest.New(t, httpserver.Config{})
	rec := s.Do(httptest.NewRequest(http.MethodGet, "/fail/sql", nil))
	id := rec.Header().Get(httpx.HeaderRequestID)
	var found bool
	for _, l := range s.Logs.Lines(t) {
		if l["msg"] == "http request" && l["request_id"] == id {
			found = true
			if l["level"] != "ERROR" || !strings.Contains(l["error"].(string), "syntax error at or near") {
				t.Errorf("5xx access log = %v, want level ERROR with the cause", l)
			}
		}
	}
	if !found {
		t.Fatalf("no access log line for request %s in %s", id, s.Logs)
	}
}

// The process's own logger (logging.NewBuffered) writes access lines the fast way: every field
// is there, in both formats, for successes, refusals and requests no route matched, and all of
// them are out once the buffer is closed.
func TestAccessLogWithTheProcesssLoggerKeepsEveryField(t *testing.T) {
	t.Parallel()
	const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"
	for _, format := range []string{"json", "text"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			logger, buf := logging.NewBuffered(format, "info", &out, time.Hour)
			e, err := httpserver.NewRouter(httpserver.Config{}, httpserver.Deps{Logger: logger}, servertest.Routes()[:4])
			if err != nil {
				t.Fatal(err)
			}
			requests := []struct {
				target, route, status, code string
			}{
				{"/ok", "/ok", "200", ""},
				{"/fail/notfound", "/fail/:kind", "404", "USER_NOT_FOUND"},
				{"/no/such/page", "unmatched", "404", "ROUTE_NOT_FOUND"},
			}
			ids := map[string]string{}
			for _, r := range requests {
				req := httptest.NewRequest(http.MethodGet, r.target, nil)
				req.Header.Set("traceparent", traceparent)
				rec := httptest.NewRecorder()
				e.ServeHTTP(rec, req)
				ids[r.target] = rec.Header().Get(httpx.HeaderRequestID)
			}
			if err := buf.Close(); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if len(lines) != len(requests) {
				t.Fatalf("%d lines, want %d:\n%s", len(lines), len(requests), out.String())
			}
			for i, r := range requests {
				fields := parseLine(t, format, lines[i])
				for k, want := range map[string]string{
					"level": "INFO", "msg": "http request", "method": "GET", "route": r.route, "path": r.target,
					"status": r.status, "code": r.code, "client_ip": "192.0.2.1", "request_id": ids[r.target],
					"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
				} {
					if fields[k] != want {
						t.Errorf("line %d: %s = %q, want %q\n%s", i, k, fields[k], want, lines[i])
					}
				}
				for _, k := range []string{"time", "duration_ms", "bytes", "span_id"} {
					if fields[k] == "" {
						t.Errorf("line %d has no %s:\n%s", i, k, lines[i])
					}
				}
			}
		})
	}
}

// parseLine reads a JSON or text log line into its fields, every value as text.
func parseLine(t *testing.T, format, line string) map[string]string {
	t.Helper()
	fields := map[string]string{}
	if format == "json" {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		for k, v := range rec {
			fields[k] = fmt.Sprint(v)
		}
		return fields
	}
	for rest := line; rest != ""; {
		k, v, ok := strings.Cut(rest, "=")
		if !ok {
			t.Fatalf("line %q: no key=value at %q", line, rest)
		}
		if strings.HasPrefix(v, `"`) {
			end := strings.Index(v[1:], `"`) + 2
			fields[k], rest = v[1:end-1], strings.TrimPrefix(v[end:], " ")
			continue
		}
		v, rest, _ = strings.Cut(v, " ")
		fields[k] = v
	}
	return fields
}
