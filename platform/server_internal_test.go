package platform

import (
	"net/netip"
	"reflect"
	"testing"
	"time"

	"github.com/modmono/platform/config"
	"github.com/modmono/platform/httpserver"
)

func TestServerConfigCarriesTheHTTPSettings(t *testing.T) {
	t.Parallel()
	b, err := config.LoadFrom[config.Base](map[string]string{"HTTP_ADDR": ":9000", "TRUSTED_PROXIES": "10.1.0.0/16", "SQL_STATEMENT_HEADER": "true", "HSTS": "always"})
	if err != nil {
		t.Fatal(err)
	}
	want := httpserver.Config{
		Addr: ":9000", ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 60 * time.Second, BodyLimit: 1 << 20,
		RequestTimeout:       10 * time.Second,
		TrustedProxies:       []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16")},
		HSTS:                 "always",
		StatementCountHeader: true,
	}
	if got := serverConfig(b); !reflect.DeepEqual(got, want) {
		t.Fatalf("serverConfig:\n got %+v\nwant %+v", got, want)
	}
}
