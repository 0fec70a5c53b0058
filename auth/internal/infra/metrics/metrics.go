// Package metrics counts the auth context's security outcomes in Prometheus: the
// application.Observer adapter.
package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/platform/observability"
)

// Observer implements application.Observer with two counters.
type Observer struct {
	loginFailures prometheus.Counter
	rateLimited   *prometheus.CounterVec
	hashShed      prometheus.Counter
}

var _ application.Observer = (*Observer)(nil)

// New registers auth_login_failures_total and auth_rate_limited_total{endpoint} with reg. A
// registry that already holds them (a second app in one test process) lends its own.
func New(reg prometheus.Registerer) (*Observer, error) {
	failures := prometheus.NewCounter(prometheus.CounterOpts{
		Name: "auth_login_failures_total",
		Help: "Sign-ins refused for a wrong email or password, or a disabled account.",
	})
	limited := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "auth_rate_limited_total",
		Help: "Requests refused with 429 by a per-email limit, by endpoint.",
	}, []string{"endpoint"})
	shed := prometheus.NewCounter(prometheus.CounterOpts{
		Name: "auth_password_hash_shed_total",
		Help: "Requests answered 503 at once because every argon2id slot was busy and the queue (AUTH_HASH_QUEUE) full.",
	})
	var err error
	if shed, err = observability.Register(reg, shed); err != nil {
		return nil, err
	}
	failures, err = observability.Register(reg, failures)
	if err != nil {
		return nil, err
	}
	limited, err = observability.Register(reg, limited)
	if err != nil {
		return nil, err
	}
	// Both series exist from the start, so a rate() over them has a zero to begin with.
	for _, endpoint := range []string{application.EndpointLogin, application.EndpointPasswordReset} {
		limited.WithLabelValues(endpoint)
	}
	return &Observer{loginFailures: failures, rateLimited: limited, hashShed: shed}, nil
}

func (o *Observer) LoginFailed()                { o.loginFailures.Inc() }
func (o *Observer) RateLimited(endpoint string) { o.rateLimited.WithLabelValues(endpoint).Inc() }

// HashShed counts a request refused by the hasher past its queue (passwords.OnShed).
func (o *Observer) HashShed() { o.hashShed.Inc() }
