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
	var err error
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
	return &Observer{loginFailures: failures, rateLimited: limited}, nil
}

func (o *Observer) LoginFailed()                { o.loginFailures.Inc() }
func (o *Observer) RateLimited(endpoint string) { o.rateLimited.WithLabelValues(endpoint).Inc() }
