package e2e_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

type tokenPair struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
}

// runAuthFlow is the auth part of the acceptance suite: it speaks only HTTP, so it runs
// unchanged against any topology.
func runAuthFlow(t *testing.T, baseURL string) {
	api := newClient(t, baseURL)
	email := fmt.Sprintf("Flow.%d@Example.com", time.Now().UnixNano())
	password := "correct horse battery staple"

	r := api.do(http.MethodPost, "/api/v1/auth/register", map[string]any{"email": email, "password": password, "full_name": "Flow Tester"})
	expect(t, "register", r, http.StatusCreated, "")
	var user struct {
		ID    string   `json:"id"`
		Email string   `json:"email"`
		Roles []string `json:"roles"`
	}
	r.json(t, &user)
	if user.ID == "" || len(user.Roles) != 1 || user.Roles[0] != "customer" {
		t.Fatalf("registered user = %+v, want an id and roles [customer]", user)
	}

	expect(t, "register again with other case", api.do(http.MethodPost, "/api/v1/auth/register",
		map[string]any{"email": " " + user.Email + " ", "password": password, "full_name": "Again"}), http.StatusConflict, "EMAIL_TAKEN")

	r = api.do(http.MethodPost, "/api/v1/auth/login", map[string]any{"email": email, "password": password})
	expect(t, "login", r, http.StatusOK, "")
	var first tokenPair
	r.json(t, &first)
	if first.TokenType != "Bearer" || first.ExpiresIn <= 0 || first.ExpiresIn > 900 {
		t.Fatalf("token pair = %+v, want Bearer and 0 < expires_in <= 900", first)
	}

	r = api.withToken(first.AccessToken).do(http.MethodGet, "/api/v1/auth/me", nil)
	expect(t, "me", r, http.StatusOK, "")
	var me struct {
		ID string `json:"id"`
	}
	r.json(t, &me)
	if me.ID != user.ID {
		t.Fatalf("me.id = %q, want %q", me.ID, user.ID)
	}
	expect(t, "refresh token as access token", api.withToken(first.RefreshToken).do(http.MethodGet, "/api/v1/auth/me", nil), http.StatusUnauthorized, "UNAUTHENTICATED")

	r = api.do(http.MethodPost, "/api/v1/auth/refresh", map[string]any{"refresh_token": first.RefreshToken})
	expect(t, "refresh", r, http.StatusOK, "")
	var second tokenPair
	r.json(t, &second)
	if second.RefreshToken == first.RefreshToken {
		t.Fatal("refresh returned the same refresh token; want a rotated one")
	}

	expect(t, "reuse of a rotated token", api.do(http.MethodPost, "/api/v1/auth/refresh", map[string]any{"refresh_token": first.RefreshToken}), http.StatusUnauthorized, "TOKEN_REUSED")
	r = api.do(http.MethodPost, "/api/v1/auth/refresh", map[string]any{"refresh_token": second.RefreshToken})
	if r.Status != http.StatusUnauthorized {
		t.Fatalf("refresh with a token of a revoked family: status %d, want 401; body %s", r.Status, r.Body)
	}

	r = api.do(http.MethodPost, "/api/v1/auth/login", map[string]any{"email": email, "password": password})
	expect(t, "login again", r, http.StatusOK, "")
	var third tokenPair
	r.json(t, &third)
	expect(t, "logout", api.do(http.MethodPost, "/api/v1/auth/logout", map[string]any{"refresh_token": third.RefreshToken}), http.StatusNoContent, "")
	expect(t, "refresh after logout", api.do(http.MethodPost, "/api/v1/auth/refresh", map[string]any{"refresh_token": third.RefreshToken}), http.StatusUnauthorized, "")
	expect(t, "logout of an unknown token", api.do(http.MethodPost, "/api/v1/auth/logout", map[string]any{"refresh_token": "nope"}), http.StatusNoContent, "")
}
