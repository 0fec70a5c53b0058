package e2e_test

import (
	"encoding/json"
	"net/http"
	"testing"
)

// TestGatewayStage1 drives the built binary on a fresh SQLite store over real HTTP.
func TestGatewayStage1(t *testing.T) {
	t.Parallel()
	const adminEmail, adminPassword = "admin@example.com", "bootstrap admin passphrase"
	gw := startGateway(t, "BOOTSTRAP_ADMIN_EMAIL="+adminEmail, "BOOTSTRAP_ADMIN_PASSWORD="+adminPassword)

	t.Run("auth flow", func(t *testing.T) { runAuthFlow(t, gw.URL) })
	t.Run("shop flow", func(t *testing.T) {
		runShopFlow(t, gw.URL, login(t, newClient(t, gw.URL), adminEmail, adminPassword))
	})

	t.Run("operator endpoints", func(t *testing.T) {
		api := newClient(t, gw.URL)
		expect(t, "healthz", api.do(http.MethodGet, "/healthz", nil), http.StatusOK, "")
		expect(t, "readyz", api.do(http.MethodGet, "/readyz", nil), http.StatusOK, "")
		r := api.do(http.MethodGet, "/.well-known/jwks.json", nil)
		expect(t, "jwks", r, http.StatusOK, "")
		var set struct {
			Keys []struct {
				Kid string `json:"kid"`
			} `json:"keys"`
		}
		if err := json.Unmarshal(r.Body, &set); err != nil || len(set.Keys) == 0 || set.Keys[0].Kid == "" {
			t.Fatalf("jwks = %s (%v), want at least one key with a kid", r.Body, err)
		}
		expect(t, "unknown route", api.do(http.MethodGet, "/nope", nil), http.StatusNotFound, "ROUTE_NOT_FOUND")
	})

	if err := gw.stop(t); err != nil {
		t.Fatalf("exit after SIGTERM: %v, want status 0\n%s", err, gw.output)
	}
}

// TestGatewayKeepsSessionsAcrossRestart: the signing key persists, so a restart logs nobody out.
func TestGatewayKeepsSessionsAcrossRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := []string{"DATABASE_URL=sqlite:" + dir + "/shop.db", "JWT_SIGNING_KEY_FILE=" + dir + "/jwt.pem"}
	gw := startGateway(t, env...)
	api := newClient(t, gw.URL)
	expect(t, "register", api.do(http.MethodPost, "/api/v1/auth/register",
		map[string]any{"email": "restart@example.com", "password": "a long enough passphrase", "full_name": "R"}), http.StatusCreated, "")
	r := api.do(http.MethodPost, "/api/v1/auth/login", map[string]any{"email": "restart@example.com", "password": "a long enough passphrase"})
	expect(t, "login", r, http.StatusOK, "")
	var pair tokenPair
	r.json(t, &pair)
	if err := gw.stop(t); err != nil {
		t.Fatalf("stop: %v", err)
	}

	again := startGateway(t, env...)
	expect(t, "me after restart", newClient(t, again.URL).withToken(pair.AccessToken).do(http.MethodGet, "/api/v1/auth/me", nil), http.StatusOK, "")
}
