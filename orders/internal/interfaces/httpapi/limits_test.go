package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/modmono/platform/ids"
)

// The server enforces size and media type before any handler runs; these pin that every orders
// body route sits behind those checks.
func TestBodyLimitsAndMediaType(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	admin := a.admin(t)
	_, customer := a.customer(t)
	huge := `{"name":"` + strings.Repeat("a", 2<<20) + `"}`
	routes := []struct{ method, path, token string }{
		{"POST", "/api/v1/products", admin},
		{"PATCH", "/api/v1/products/" + ids.New(), admin},
		{"POST", "/api/v1/orders", customer},
	}
	for _, r := range routes {
		t.Run(r.method+" "+r.path, func(t *testing.T) {
			want(t, a.send(r.method, r.path, r.token, "application/json", huge), http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE")
			want(t, a.send(r.method, r.path, r.token, "text/plain", `{"name":"a"}`), http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE")
			want(t, a.send(r.method, r.path, r.token, "application/json", "{\"name\":\"\xff\"}"), http.StatusBadRequest, "MALFORMED_JSON")
			want(t, a.send(r.method, r.path, r.token, "application/json", `{"name":`), http.StatusBadRequest, "MALFORMED_JSON")
		})
	}
}
