package natsjs

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/modmono/platform/observability"
)

// metrics are labelled by subscriber and event type: both sets are fixed by the wiring.
type metrics struct {
	handled, failures, parked *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) (metrics, error) {
	labels := []string{"subscriber", "type"}
	m := metrics{
		handled: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "broker_handled_total", Help: "Events a subscriber's handler handled successfully.",
		}, labels),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "broker_handler_failures_total", Help: "Failed deliveries of events to subscribers' handlers, each retried or parked.",
		}, labels),
		parked: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "broker_parked_total", Help: "Events a subscriber gave up on after too many failed deliveries; see the error logs.",
		}, labels),
	}
	if reg == nil {
		return m, nil
	}
	var errHandled, errFailures, errParked error
	m.handled, errHandled = observability.Register(reg, m.handled)
	m.failures, errFailures = observability.Register(reg, m.failures)
	m.parked, errParked = observability.Register(reg, m.parked)
	if err := errors.Join(errHandled, errFailures, errParked); err != nil {
		return m, fmt.Errorf("register broker metrics: %w", err)
	}
	return m, nil
}
