package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
)

// The server enforces size and media type before any handler runs; these pin that every
// payments body route sits behind those checks.
func TestBodyLimitsAndMediaType(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	ann, admin := a.customer(t), a.admin(t)
	p := a.pay(t, ann, "tok_visa")
	huge := `{"order_id":"` + strings.Repeat("a", 2<<20) + `"}`
	routes := []struct {
		path string
		who  user
	}{
		{"/api/v1/payments", ann},
		{"/api/v1/payments/" + p.ID + "/refunds", admin},
	}
	for _, r := range routes {
		t.Run(r.path, func(t *testing.T) {
			want(t, a.send("POST", r.path, r.who, "k1", "application/json", huge), http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE")
			want(t, a.send("POST", r.path, r.who, "k2", "application/x-www-form-urlencoded", "order_id=a"), http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE")
			want(t, a.send("POST", r.path, r.who, "k3", "application/json", "{\"reason\":\"\xff\"}"), http.StatusBadRequest, "MALFORMED_JSON")
		})
	}
}
