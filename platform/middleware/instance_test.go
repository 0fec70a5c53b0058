package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/health"
	"github.com/modmono/platform/middleware"
)

func TestInstanceNamesTheReplicaAndClosesConnectionsWhileDraining(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, instance       string
		drain                bool
		servedBy, connection string
	}{
		{name: "unnamed, serving", instance: "", servedBy: "", connection: ""},
		{name: "named, serving", instance: "gateway-2", servedBy: "gateway-2", connection: ""},
		{name: "named, draining", instance: "gateway-2", drain: true, servedBy: "gateway-2", connection: "close"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			drain := health.NewDrain()
			if tc.drain {
				drain.Start()
			}
			rec := httptest.NewRecorder()
			c := echo.New().NewContext(httptest.NewRequest(http.MethodGet, "/", nil), rec)
			h := middleware.Instance(tc.instance, drain)(func(c echo.Context) error { return c.NoContent(http.StatusNoContent) })
			if err := h(c); err != nil {
				t.Fatal(err)
			}
			if got := rec.Header().Get(middleware.HeaderServedBy); got != tc.servedBy {
				t.Errorf("X-Served-By = %q, want %q", got, tc.servedBy)
			}
			if got := rec.Header().Get("Connection"); got != tc.connection {
				t.Errorf("Connection = %q, want %q", got, tc.connection)
			}
		})
	}
}
