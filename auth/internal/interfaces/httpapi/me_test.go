package httpapi_test

import (
	"net/http"
	"testing"
	"time"
)

func TestMeNeedsAValidAccessToken(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	a.register(t, "ann@example.com")
	pair := a.login(t, "ann@example.com", goodPassword)
	want(t, a.call("GET", "/api/v1/auth/me", pair.AccessToken, ""), http.StatusOK, "")

	tests := []struct{ name, token string }{
		{"no token", ""},
		{"garbage", "not.a.jwt"},
		{"a refresh token", pair.RefreshToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want(t, a.call("GET", "/api/v1/auth/me", tt.token, ""), http.StatusUnauthorized, "UNAUTHENTICATED")
		})
	}
}

func TestMeRejectsAnExpiredAccessToken(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	a.register(t, "ann@example.com")
	token := a.login(t, "ann@example.com", goodPassword).AccessToken
	a.clock.Advance(15*time.Minute + time.Minute) // past exp and the 30 s leeway
	want(t, a.call("GET", "/api/v1/auth/me", token, ""), http.StatusUnauthorized, "UNAUTHENTICATED")
}

func TestUpdateMe(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	_, token := a.customer(t, "ann@example.com")
	w := a.call("PATCH", "/api/v1/auth/me", token, `{"full_name":"Ann Smith"}`)
	want(t, w, http.StatusOK, "")
	if name := decode[struct {
		FullName string `json:"full_name"`
	}](t, w).FullName; name != "Ann Smith" {
		t.Fatalf("full_name %q", name)
	}
	wantField(t, a.call("PATCH", "/api/v1/auth/me", token, `{"full_name":"Ann","roles":["admin"]}`), "roles", "unknown_field")
	wantField(t, a.call("PATCH", "/api/v1/auth/me", token, `{"disabled":false}`), "disabled", "unknown_field")
	wantField(t, a.call("PATCH", "/api/v1/auth/me", token, `{"full_name":""}`), "full_name", "required")
	wantField(t, a.call("PATCH", "/api/v1/auth/me", token, `{}`), "full_name", "required")
	want(t, a.call("PATCH", "/api/v1/auth/me", "", `{"full_name":"X"}`), http.StatusUnauthorized, "UNAUTHENTICATED")
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	a.register(t, "ann@example.com")
	pair := a.login(t, "ann@example.com", goodPassword)
	want(t, a.call("POST", "/api/v1/auth/password", pair.AccessToken, `{"current_password":"wrong one here","new_password":"a brand new secret"}`),
		http.StatusUnauthorized, "INVALID_CREDENTIALS")
	wantField(t, a.call("POST", "/api/v1/auth/password", pair.AccessToken, `{"current_password":"`+goodPassword+`","new_password":"short"}`),
		"new_password", "too_short")
	wantField(t, a.call("POST", "/api/v1/auth/password", pair.AccessToken, `{"new_password":"a brand new secret"}`),
		"current_password", "required")
	want(t, a.call("POST", "/api/v1/auth/password", pair.AccessToken, `{"current_password":"`+goodPassword+`","new_password":"a brand new secret"}`),
		http.StatusNoContent, "")
	want(t, a.call("POST", "/api/v1/auth/refresh", "", `{"refresh_token":"`+pair.RefreshToken+`"}`), http.StatusUnauthorized, "INVALID_TOKEN")
	a.login(t, "ann@example.com", "a brand new secret")
}
