package httpserver_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/modmono/platform/httpserver"
)

func TestNewHTTPServerSetsTimeouts(t *testing.T) {
	t.Parallel()
	srv := httpserver.New(httpserver.Config{Addr: ":9999", WriteTimeout: time.Minute}, http.NotFoundHandler())
	if srv.Addr != ":9999" || srv.WriteTimeout != time.Minute {
		t.Errorf("configured values not kept: %+v", srv)
	}
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.IdleTimeout <= 0 || srv.Handler == nil {
		t.Errorf("a timeout is unset: %+v", srv)
	}
}
