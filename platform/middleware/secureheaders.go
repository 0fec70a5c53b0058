package middleware

import (
	"net/http"
	"net/netip"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/httpx"
)

// HSTS modes: "auto" sends Strict-Transport-Security when the request reached us over HTTPS
// (TLS here, or X-Forwarded-Proto: https from a trusted proxy); "always" on every answer (a
// deployment that is only ever reached over HTTPS); "off" never.
const (
	HSTSAuto   = "auto"
	HSTSAlways = "always"
	HSTSOff    = "off"
)

// hstsValue is two years, the length browsers' preload lists ask for. Subdomains are left out:
// they may be other teams' hosts, still on plain HTTP.
const hstsValue = "max-age=63072000"

// The headers' values, made once: Header.Set would make a new one-element slice for each on
// every answer. Their length is their capacity, so an Add to one of these headers copies it
// rather than writing into the shared array.
var (
	nosniff = []string{"nosniff"}
	noStore = []string{"no-store"}
	hsts    = []string{hstsValue}
)

// SecurityHeaders sets, before the handler runs (so errors carry them too): nosniff on every
// answer; Cache-Control: no-store on every answer except a GET to a public route without
// credentials (the catalogue, the JWK Set, the docs), since the others carry tokens or personal
// data; and HSTS as mode says. A handler may still set its own Cache-Control (the JWK Set does).
func SecurityHeaders(t httpx.RouteTable, trusted []netip.Prefix, mode string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r, h := c.Request(), c.Response().Header()
			h[echo.HeaderXContentTypeOptions] = nosniff
			if !sharable(t, c) {
				h[echo.HeaderCacheControl] = noStore
			}
			if mode == HSTSAlways || mode == HSTSAuto && overHTTPS(r, trusted) {
				h[echo.HeaderStrictTransportSecurity] = hsts
			}
			return next(c)
		}
	}
}

// sharable: the same answer for everyone, so a cache may keep it.
func sharable(t httpx.RouteTable, c echo.Context) bool {
	r := c.Request()
	if r.Method != http.MethodGet || r.Header.Get(echo.HeaderAuthorization) != "" || r.Header.Get("Cookie") != "" {
		return false
	}
	route, ok := t.Lookup(c)
	return ok && route.Access == httpx.Public
}

// overHTTPS believes X-Forwarded-Proto only from a trusted proxy, the one that terminated TLS;
// with several values (a chain of proxies) the last one is that proxy's.
func overHTTPS(r *http.Request, trusted []netip.Prefix) bool {
	if r.TLS != nil {
		return true
	}
	proto := r.Header.Get(echo.HeaderXForwardedProto)
	if proto == "" {
		return false
	}
	peer, ok := parseHop(r.RemoteAddr)
	if !ok || !isTrusted(trusted, peer) {
		return false
	}
	if i := strings.LastIndexByte(proto, ','); i >= 0 {
		proto = proto[i+1:]
	}
	return strings.EqualFold(strings.TrimSpace(proto), "https")
}
