package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
)

// The server enforces size and media type before any handler runs; these pin that every auth
// body route sits behind those checks.
func TestBodyLimitsAndMediaType(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	_, token := a.customer(t, "ann@example.com")
	huge := `{"email":"` + strings.Repeat("a", 2<<20) + `"}`
	routes := []struct{ method, path, token string }{
		{"POST", "/api/v1/auth/register", ""},
		{"POST", "/api/v1/auth/login", ""},
		{"POST", "/api/v1/auth/refresh", ""},
		{"POST", "/api/v1/auth/logout", ""},
		{"PATCH", "/api/v1/auth/me", token},
		{"POST", "/api/v1/auth/password", token},
		{"POST", "/api/v1/auth/password-reset", ""},
		{"POST", "/api/v1/auth/password-reset/confirm", ""},
	}
	for _, r := range routes {
		t.Run(r.method+" "+r.path, func(t *testing.T) {
			want(t, a.send(r.method, r.path, r.token, "application/json", huge), http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE")
			want(t, a.send(r.method, r.path, r.token, "application/x-www-form-urlencoded", "email=a"), http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE")
			want(t, a.send(r.method, r.path, r.token, "application/json", "{\"email\":\"\xff\"}"), http.StatusBadRequest, "MALFORMED_JSON")
		})
	}
}
