package problem_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/internal/servertest"
	"github.com/modmono/platform/problem"
)

func TestErrorsBecomeProblemDocuments(t *testing.T) {
	t.Parallel()
	s := servertest.New(t, httpserver.Config{})
	for _, tc := range []struct {
		kind, code, typ, detail string
		status                  int
		retryAfter              string
	}{
		{"invalid", "VALIDATION_FAILED", "/problems/validation-failed", "the request has invalid fields", 422, ""},
		{"malformed", "MALFORMED_JSON", "/problems/malformed-json", "bad json", 400, ""},
		{"unauth", "INVALID_CREDENTIALS", "/problems/invalid-credentials", "wrong email or password", 401, ""},
		{"forbidden", "FORBIDDEN", "/problems/forbidden", "not yours", 403, ""},
		{"notfound", "USER_NOT_FOUND", "/problems/user-not-found", "no such user", 404, ""},
		{"conflict", "EMAIL_TAKEN", "/problems/email-taken", "that email is taken", 409, ""},
		{"toomany", "TOO_MANY_REQUESTS", "/problems/too-many-requests", "slow down", 429, "2"},
		{"toomanyzero", "TOO_MANY_REQUESTS", "/problems/too-many-requests", "slow down", 429, "1"},
		{"unavailable", "SERVICE_UNAVAILABLE", "/problems/service-unavailable", "a dependency is down", 503, "3"},
		{"unsupported", "UNSUPPORTED_MEDIA_TYPE", "/problems/unsupported-media-type", "json only", 415, ""},
		{"toolarge", "PAYLOAD_TOO_LARGE", "/problems/payload-too-large", "too big", 413, ""},
		{"method", "METHOD_NOT_ALLOWED", "/problems/method-not-allowed", "no", 405, ""},
		{"idempotency", "IDEMPOTENCY_KEY_REQUIRED", "/problems/idempotency-key-required", "send an Idempotency-Key header", 400, ""},
		{"wrapped", "ORDER_NOT_CANCELLABLE", "/problems/order-not-cancellable", "already cancelled", 409, ""},
		{"internalmsg", "INTERNAL", "/problems/internal", "internal error", 500, ""},
		{"sql", "INTERNAL", "/problems/internal", "internal error", 500, ""},
		{"dbshutdown", "SERVICE_UNAVAILABLE", "/problems/service-unavailable", "the database is busy or unavailable; try again shortly", 503, "2"},
		{"dbfull", "SERVICE_UNAVAILABLE", "/problems/service-unavailable", "the database is busy or unavailable; try again shortly", 503, "2"},
		{"dbpool", "SERVICE_UNAVAILABLE", "/problems/service-unavailable", "the database is busy or unavailable; try again shortly", 503, "2"},
		{"dbinternal", "SERVICE_UNAVAILABLE", "/problems/service-unavailable", "the database is busy or unavailable; try again shortly", 503, "2"},
		{"deadline", "SERVICE_UNAVAILABLE", "/problems/service-unavailable", "the request could not be completed in time; try again shortly", 503, "2"},
		{"upstream", "SERVICE_UNAVAILABLE", "/problems/service-unavailable", "the orders service did not answer in time", 504, "1"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			t.Parallel()
			rec := s.Do(httptest.NewRequest(http.MethodGet, "/fail/"+tc.kind, nil))
			if rec.Code != tc.status {
				t.Fatalf("status = %d, want %d; body %s", rec.Code, tc.status, rec.Body)
			}
			p := servertest.DecodeProblem(t, rec)
			want := problem.Problem{Type: tc.typ, Title: http.StatusText(tc.status), Status: tc.status, Detail: tc.detail,
				Instance: "/fail/" + tc.kind, Code: tc.code, RequestID: p.RequestID}
			if tc.kind == "invalid" {
				if len(p.Errors) != 1 || p.Errors[0].Field != "email" || p.Errors[0].Code != "required" {
					t.Errorf("errors = %+v, want one for email", p.Errors)
				}
				p.Errors = nil
			} else if strings.Contains(rec.Body.String(), `"errors"`) {
				t.Errorf("non-validation problem carries errors: %s", rec.Body)
			}
			if p.Type != want.Type || p.Title != want.Title || p.Detail != want.Detail || p.Instance != want.Instance || p.Code != want.Code {
				t.Errorf("problem = %+v\nwant      %+v", p, want)
			}
			if got := rec.Header().Get("Retry-After"); got != tc.retryAfter {
				t.Errorf("Retry-After = %q, want %q", got, tc.retryAfter)
			}
			for _, secret := range []string{"SELECT", "pq:", "dial tcp", "10.0.0.7", "password_hash"} {
				if strings.Contains(rec.Body.String(), secret) {
					t.Errorf("body leaks %q: %s", secret, rec.Body)
				}
			}
		})
	}
}

func TestUnknownRoutesAndMethods(t *testing.T) {
	t.Parallel()
	s := servertest.New(t, httpserver.Config{})
	for _, tc := range []struct {
		name, method, path, contentType string
		status                          int
		code, allow                     string
	}{
		{"unknown path", http.MethodGet, "/nope", "", 404, "ROUTE_NOT_FOUND", ""},
		{"unknown nested path", http.MethodGet, "/ok/more", "", 404, "ROUTE_NOT_FOUND", ""},
		{"unknown path with a text body", http.MethodPost, "/nope", "text/plain", 404, "ROUTE_NOT_FOUND", ""},
		{"wrong method", http.MethodDelete, "/ok", "", 405, "METHOD_NOT_ALLOWED", "GET"},
		{"HEAD is not GET", http.MethodHead, "/ok", "", 405, "METHOD_NOT_ALLOWED", "GET"},
		{"wrong method on a POST route", http.MethodGet, "/orders", "", 405, "METHOD_NOT_ALLOWED", "POST"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req := httptest.NewRequest(tc.method, tc.path, strings.NewReader("x"))
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			rec := s.Do(req)
			if rec.Code != tc.status {
				t.Fatalf("status = %d, want %d", rec.Code, tc.status)
			}
			if tc.method != http.MethodHead {
				if p := servertest.DecodeProblem(t, rec); p.Code != tc.code {
					t.Errorf("code = %q, want %q", p.Code, tc.code)
				}
			}
			if got := rec.Header().Get("Allow"); !strings.Contains(got, tc.allow) || (tc.allow == "") != (got == "") {
				t.Errorf("Allow = %q, want it to name %q", got, tc.allow)
			}
		})
	}
}
