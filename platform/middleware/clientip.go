package middleware

import (
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/labstack/echo/v4"
)

// ClientIP believes forwarding headers only from trusted proxies. Walking X-Forwarded-For
// from the right, it skips our own proxies and stops at the first hop they did not vouch
// for: entries left of that are whatever the client chose to send. (echo's default extractor
// trusts the header from anyone, which would let any client pick its own address.)
func ClientIP(trusted []netip.Prefix) echo.IPExtractor {
	isTrusted := func(a netip.Addr) bool { return isTrusted(trusted, a) }
	return func(r *http.Request) string {
		if len(trusted) == 0 {
			if host, ok := ipv4Host(r.RemoteAddr); ok {
				return host // what the parsing below answers for it, without parsing
			}
		}
		peer, ok := parseHop(r.RemoteAddr)
		if !ok {
			host, _, _ := net.SplitHostPort(r.RemoteAddr)
			return host
		}
		if !isTrusted(peer) {
			return peerString(peer, r.RemoteAddr)
		}
		var hops []string
		for _, v := range r.Header.Values(echo.HeaderXForwardedFor) {
			hops = append(hops, strings.Split(v, ",")...)
		}
		if len(hops) == 0 {
			if a, ok := parseHop(r.Header.Get(echo.HeaderXRealIP)); ok {
				return a.String()
			}
			return peer.String()
		}
		client := peer
		for i := len(hops) - 1; i >= 0; i-- {
			a, ok := parseHop(hops[i])
			if !ok {
				break // garbage: the last good hop is as far as the chain can be believed
			}
			client = a
			if !isTrusted(a) {
				break
			}
		}
		return client.String()
	}
}

// peerString is peer as text: for an IPv4 peer the host part of remoteAddr, which netip parsed
// as it stands and so is already in its form, without formatting it again (once per request,
// for the access log). Anything else (IPv6, a mapped IPv4, no port) is formatted.
func peerString(peer netip.Addr, remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err == nil && peer.Is4() && !strings.Contains(host, ":") && strings.TrimSpace(remoteAddr) == remoteAddr {
		return host
	}
	return peer.String()
}

// ipv4Host is the host part of an "a.b.c.d:port" remote address (net/http's for every IPv4
// peer) when it is a dotted quad as netip writes it: four numbers up to 255, no leading zeros.
func ipv4Host(remoteAddr string) (string, bool) {
	colon := strings.LastIndexByte(remoteAddr, ':')
	if colon < 7 || colon == len(remoteAddr)-1 {
		return "", false
	}
	for i := colon + 1; i < len(remoteAddr); i++ {
		if remoteAddr[i] < '0' || remoteAddr[i] > '9' {
			return "", false
		}
	}
	host := remoteAddr[:colon]
	parts, value, digits := 0, 0, 0
	for i := 0; i <= len(host); i++ {
		if i == len(host) || host[i] == '.' {
			if digits == 0 || value > 255 {
				return "", false
			}
			parts, value, digits = parts+1, 0, 0
			continue
		}
		c := host[i]
		if c < '0' || c > '9' || (digits == 1 && value == 0) { // not a digit, or a leading zero
			return "", false
		}
		value, digits = value*10+int(c-'0'), digits+1
		if digits > 3 {
			return "", false
		}
	}
	return host, parts == 4
}

func isTrusted(trusted []netip.Prefix, a netip.Addr) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseHop reads "1.2.3.4", "1.2.3.4:5678", "::1" or "[::1]:5678".
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	a, err := netip.ParseAddr(strings.Trim(s, "[]"))
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}
