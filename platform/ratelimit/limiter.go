package ratelimit

import (
	"crypto/sha256"
	"encoding/hex"
	"net/netip"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/observability"
)

// Limiter hands out the middleware of each rule; a disabled Limiter (RATE_LIMITS=off) hands out
// middleware that limits nothing.
type Limiter struct {
	store   *Store
	enabled bool
	refused *prometheus.CounterVec // nil counts nothing
}

// New limits with store when enabled.
func New(store *Store, enabled bool) *Limiter {
	return &Limiter{store: store, enabled: enabled}
}

// WithMetrics counts refusals in http_rate_limited_total{rule}, registered with reg (or lent by
// reg when another context of the process registered it first).
func (l *Limiter) WithMetrics(reg prometheus.Registerer) (*Limiter, error) {
	refused, err := observability.Register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "http_rate_limited_total",
		Help: "Requests refused with 429 by a per-client limit, by rule.",
	}, []string{"rule"}))
	if err != nil {
		return nil, err
	}
	l.refused = refused
	return l, nil
}

// Enabled reports whether the limits apply (RATE_LIMITS is not off).
func (l *Limiter) Enabled() bool { return l != nil && l.enabled }

// Limit counts every request of a route per client (echo's RealIP, which believes forwarding
// headers only from TRUSTED_PROXIES) under rule, a name unique among the context's rules; past
// rate's requests in the window it answers 429 TOO_MANY_REQUESTS with Retry-After, before the
// handler runs. A refused request still counts, so hammering does not shorten the wait.
func (l *Limiter) Limit(rule string, rate Rate) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		if !l.Enabled() || rate.Off() {
			return next
		}
		if l.refused != nil {
			l.refused.WithLabelValues(rule) // the series exists from the start, for rate()
		}
		return func(c echo.Context) error {
			hits, retryAfter, err := l.store.Hit(c.Request().Context(), Key(rule, c.RealIP()), rate.Window)
			if err != nil {
				return err
			}
			if hits > rate.Requests {
				if l.refused != nil {
					l.refused.WithLabelValues(rule).Inc()
				}
				return errs.TooManyRequests("too many requests of this kind from your address; wait before trying again", retryAfter)
			}
			return next(c)
		}
	}
}

// Key is the stored key of a client under a rule. An IPv6 client counts by its /64, since one
// subscriber is handed a whole /64 and could otherwise take a fresh address per request. The
// address is hashed: the table never holds one.
func Key(rule, clientIP string) string {
	client := clientIP
	if a, err := netip.ParseAddr(clientIP); err == nil {
		a = a.Unmap()
		if a.Is6() {
			p, _ := a.Prefix(64)
			client = p.String()
		} else {
			client = a.String()
		}
	}
	sum := sha256.Sum256([]byte(client))
	return rule + ":" + hex.EncodeToString(sum[:16])
}

// Apply wraps h in mw, or returns h when mw is nil (a route whose limit was not wired, as in
// tests and in the gateway's description of forwarded routes).
func Apply(mw echo.MiddlewareFunc, h echo.HandlerFunc) echo.HandlerFunc {
	if mw == nil {
		return h
	}
	return mw(h)
}
