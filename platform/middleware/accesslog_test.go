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
