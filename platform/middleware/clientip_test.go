package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/internal/servertest"
	"github.com/modmono/platform/middleware"
)

func TestClientIP(t *testing.T) {
	t.Parallel()
	trusting := servertest.New(t, httpserver.Config{TrustedProxies: []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8"),
	}})
	plain := servertest.New(t, httpserver.Config{})
	for _, tc := range []struct {
		name        string
		s           *servertest.Server
		peer        string
		xff, realIP string
		want        string
	}{
		{"no proxy trusted: the header is ignored", plain, "203.0.113.9:4000", "198.51.100.1", "", "203.0.113.9"},
		{"no proxy trusted, not even loopback", plain, "127.0.0.1:4000", "198.51.100.1", "", "127.0.0.1"},
		{"untrusted peer: the header is ignored", trusting, "203.0.113.9:4000", "198.51.100.1", "", "203.0.113.9"},
		{"untrusted peer: X-Real-IP is ignored", trusting, "203.0.113.9:4000", "", "198.51.100.1", "203.0.113.9"},
		{"trusted proxy", trusting, "10.0.0.2:4000", "198.51.100.1", "", "198.51.100.1"},
		{"trusted proxy, spoofed left part", trusting, "10.0.0.2:4000", "1.1.1.1, 198.51.100.1", "", "198.51.100.1"},
		{"a chain of trusted proxies", trusting, "10.0.0.2:4000", "1.1.1.1, 198.51.100.1, 10.0.0.5", "", "198.51.100.1"},
		{"several headers", trusting, "10.0.0.2:4000", "198.51.100.1\n10.0.0.5", "", "198.51.100.1"},
		{"garbage in the chain", trusting, "10.0.0.2:4000", "198.51.100.1, bogus, 10.0.0.5", "", "10.0.0.5"},
		{"only trusted hops", trusting, "10.0.0.2:4000", "10.0.0.7, 10.0.0.5", "", "10.0.0.7"},
		{"IPv6 peer and hop", trusting, "[fd00::1]:4000", "2001:db8::7", "", "2001:db8::7"},
		{"X-Real-IP from a trusted proxy", trusting, "10.0.0.2:4000", "", "198.51.100.1", "198.51.100.1"},
		{"no header from a trusted proxy", trusting, "10.0.0.2:4000", "", "", "10.0.0.2"},
		{"IPv4-mapped IPv6 peer, as IPv4", plain, "[::ffff:203.0.113.9]:4000", "", "", "203.0.113.9"},
		{"IPv4-mapped peer without a port", plain, "::ffff:203.0.113.9", "", "", "203.0.113.9"},
		{"IPv6 peer in its short form", plain, "[2001:0db8:0000::0001]:4000", "", "", "2001:db8::1"},
		{"peer without a port", plain, "203.0.113.9", "", "", "203.0.113.9"},
		{"peer with blanks around it", plain, " 203.0.113.9:4000 ", "", "", "203.0.113.9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req := httptest.NewRequest(http.MethodGet, "/ip", nil)
			req.RemoteAddr = tc.peer
			if tc.xff != "" {
				for _, v := range strings.Split(tc.xff, "\n") {
					req.Header.Add("X-Forwarded-For", v)
				}
			}
			if tc.realIP != "" {
				req.Header.Set("X-Real-IP", tc.realIP)
			}
			if got := tc.s.Do(req).Body.String(); got != tc.want {
				t.Fatalf("client ip = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestClientIPWithoutTrustedProxiesIsThePeerAsParsed: the shortcut taken for an IPv4 peer when no
// proxy is trusted answers what parsing the address answers (the extractor trusting a prefix
// none of these addresses is in parses every one), for any remote address.
func TestClientIPWithoutTrustedProxiesIsThePeerAsParsed(t *testing.T) {
	t.Parallel()
	plain := middleware.ClientIP(nil)
	parsing := middleware.ClientIP([]netip.Prefix{netip.MustParsePrefix("192.0.2.255/32")})
	same := func(t interface{ Fatalf(string, ...any) }, remoteAddr string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = remoteAddr
		if got, want := plain(r), parsing(r); got != want {
			t.Fatalf("ClientIP(%q) = %q; parsed, %q", remoteAddr, got, want)
		}
	}
	for _, remoteAddr := range []string{"203.0.113.9:4000", "0.0.0.0:1", "255.255.255.255:65535", "01.2.3.4:5",
		"1.2.3.04:5", "256.1.1.1:5", "1.2.3:5", "1.2.3.4.5:6", "1.2.3.4:", "1.2.3.4:x", "1..2.3:4",
		" 1.2.3.4:5", "1.2.3.4:99999", "1.2.3.4", "[::1]:5", "[::ffff:1.2.3.4]:5", "", ":", "1.2.3.4:5:6"} {
		same(t, remoteAddr)
	}
	rapid.Check(t, func(t *rapid.T) {
		same(t, rapid.StringOfN(rapid.SampledFrom([]rune("0123456789.:[]f ")), 0, 24, -1).Draw(t, "remote"))
	})
}
