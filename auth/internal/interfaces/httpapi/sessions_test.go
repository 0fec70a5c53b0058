package httpapi_test

import (
	"maps"
	"net/http"
	"slices"
	"testing"
)

func TestRegister(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	w := a.call("POST", "/api/v1/auth/register", "", `{"email":" Ann@Example.com ","password":"`+goodPassword+`","full_name":"Ann"}`)
	want(t, w, http.StatusCreated, "")
	wantKeys := []string{"created_at", "disabled", "email", "full_name", "id", "roles", "updated_at"}
	if got := slices.Sorted(maps.Keys(keys(t, w))); !slices.Equal(got, wantKeys) {
		t.Fatalf("User members %v, want exactly %v", got, wantKeys)
	}

	tests := []struct {
		name, body  string
		status      int
		code, field string
		fieldCode   string
	}{
		{"taken email, other case", `{"email":"ann@EXAMPLE.com","password":"` + goodPassword + `","full_name":"A"}`, 409, "EMAIL_TAKEN", "", ""},
		{"missing members", `{"email":"b@example.com"}`, 422, "VALIDATION_FAILED", "full_name", "required"},
		{"null member", `{"email":"b@example.com","password":null,"full_name":"B"}`, 422, "VALIDATION_FAILED", "password", "required"},
		{"common password", `{"email":"b@example.com","password":"password1234","full_name":"B"}`, 422, "VALIDATION_FAILED", "password", "password_too_common"},
		{"bad email", `{"email":"b","password":"` + goodPassword + `","full_name":"B"}`, 422, "VALIDATION_FAILED", "email", "invalid"},
		{"mass assignment", `{"email":"b@example.com","password":"` + goodPassword + `","full_name":"B","roles":["admin"]}`, 422, "VALIDATION_FAILED", "roles", "unknown_field"},
		{"wrong type", `{"email":1,"password":"` + goodPassword + `","full_name":"B"}`, 422, "VALIDATION_FAILED", "email", "invalid_type"},
		{"malformed JSON", `{"email":`, 400, "MALFORMED_JSON", "", ""},
		{"trailing data", `{} {}`, 400, "MALFORMED_JSON", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := a.call("POST", "/api/v1/auth/register", "", tt.body)
			if tt.field != "" {
				wantField(t, w, tt.field, tt.fieldCode)
				return
			}
			want(t, w, tt.status, tt.code)
		})
	}
}

func TestLogin(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	a.register(t, "ann@example.com")
	w := a.call("POST", "/api/v1/auth/login", "", `{"email":"ANN@example.com","password":"`+goodPassword+`"}`)
	want(t, w, http.StatusOK, "")
	wantKeys := []string{"access_token", "expires_in", "refresh_token", "token_type"}
	if got := slices.Sorted(maps.Keys(keys(t, w))); !slices.Equal(got, wantKeys) {
		t.Fatalf("TokenPair members %v, want exactly %v", got, wantKeys)
	}
	wantField(t, a.call("POST", "/api/v1/auth/login", "", `{"email":"ann@example.com"}`), "password", "required")
	for range 5 {
		w := a.call("POST", "/api/v1/auth/login", "", `{"email":"ann@example.com","password":"wrong password"}`)
		want(t, w, http.StatusUnauthorized, "INVALID_CREDENTIALS")
	}
	w = a.call("POST", "/api/v1/auth/login", "", `{"email":"ann@example.com","password":"`+goodPassword+`"}`)
	want(t, w, http.StatusTooManyRequests, "TOO_MANY_REQUESTS")
	if w.Header().Get("Retry-After") != "900" {
		t.Fatalf("Retry-After %q, want 900", w.Header().Get("Retry-After"))
	}
	for range 6 {
		w = a.call("POST", "/api/v1/auth/login", "", `{"email":"ghost@example.com","password":"wrong password"}`)
	}
	want(t, w, http.StatusTooManyRequests, "TOO_MANY_REQUESTS")
}

func TestRefreshAndLogout(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	a.register(t, "ann@example.com")
	first := a.login(t, "ann@example.com", goodPassword)
	body := func(token string) string { return `{"refresh_token":"` + token + `"}` }

	w := a.call("POST", "/api/v1/auth/refresh", "", body(first.RefreshToken))
	want(t, w, http.StatusOK, "")
	want(t, a.call("POST", "/api/v1/auth/refresh", "", body(first.RefreshToken)), http.StatusUnauthorized, "TOKEN_REUSED")
	want(t, a.call("POST", "/api/v1/auth/refresh", "", body("unknown")), http.StatusUnauthorized, "INVALID_TOKEN")
	wantField(t, a.call("POST", "/api/v1/auth/refresh", "", `{}`), "refresh_token", "required")

	second := a.login(t, "ann@example.com", goodPassword)
	tests := []struct {
		name, contentType, body string
		status                  int
		code                    string
	}{
		{"live token", "application/json", body(second.RefreshToken), 204, ""},
		{"the same token again", "application/json", body(second.RefreshToken), 204, ""},
		{"spent token", "application/json", body(first.RefreshToken), 204, ""},
		{"unknown token", "application/json", body("never-issued"), 204, ""},
		{"malformed body", "application/json", `{"refresh_token":`, 400, "MALFORMED_JSON"},
		{"no body", "", "", 400, "MALFORMED_JSON"},
		{"wrong media type", "text/plain", body("x"), 415, "UNSUPPORTED_MEDIA_TYPE"},
		{"missing member", "application/json", `{}`, 422, "VALIDATION_FAILED"},
		{"unknown member", "application/json", `{"refresh_token":"x","all":true}`, 422, "VALIDATION_FAILED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want(t, a.send("POST", "/api/v1/auth/logout", "", tt.contentType, tt.body), tt.status, tt.code)
		})
	}
	want(t, a.call("POST", "/api/v1/auth/refresh", "", body(second.RefreshToken)), http.StatusUnauthorized, "INVALID_TOKEN")
}
