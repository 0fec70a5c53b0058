package natsjs

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
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
	var err error
	m.handled, err = register(reg, m.handled, err)
	m.failures, err = register(reg, m.failures, err)
	m.parked, err = register(reg, m.parked, err)
	return m, err
}

// register registers c, or returns the collector already registered under its name (a second
// Broker in the process, or in a test); it does nothing once an earlier registration failed.
func register(reg prometheus.Registerer, c *prometheus.CounterVec, failed error) (*prometheus.CounterVec, error) {
	if failed != nil {
		return c, failed
	}
	if err := reg.Register(c); err != nil {
		var already prometheus.AlreadyRegisteredError
		if errors.As(err, &already) {
			if existing, ok := already.ExistingCollector.(*prometheus.CounterVec); ok {
				return existing, nil
			}
		}
		return c, fmt.Errorf("register broker metrics: %w", err)
	}
	return c, nil
}
