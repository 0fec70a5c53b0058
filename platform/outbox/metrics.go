package outbox

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// relayMetrics are one relay's series, labelled with its context.
type relayMetrics struct {
	published, failures             prometheus.Counter
	parked, backlog, oldestPendingS prometheus.Gauge
}

func newRelayMetrics(reg prometheus.Registerer, contextName string) (relayMetrics, error) {
	label := []string{"context"}
	vecs := struct {
		published, failures             *prometheus.CounterVec
		parked, backlog, oldestPendingS *prometheus.GaugeVec
	}{
		published: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "outbox_published_total", Help: "Events the outbox relay has published.",
		}, label),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "outbox_publish_failures_total", Help: "Failed attempts to publish an outbox event.",
		}, label),
		parked: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "outbox_parked", Help: "Events parked after too many failed attempts, awaiting an operator.",
		}, label),
		backlog: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "outbox_backlog", Help: "Events neither published nor parked.",
		}, label),
		oldestPendingS: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "outbox_oldest_unpublished_age_seconds", Help: "Age of the oldest event neither published nor parked; 0 when none.",
		}, label),
	}
	if reg != nil {
		var err error
		// Every context's relay shares these series names, so a registry may already hold them.
		vecs.published, err = register(reg, vecs.published, err)
		vecs.failures, err = register(reg, vecs.failures, err)
		vecs.parked, err = register(reg, vecs.parked, err)
		vecs.backlog, err = register(reg, vecs.backlog, err)
		vecs.oldestPendingS, err = register(reg, vecs.oldestPendingS, err)
		if err != nil {
			return relayMetrics{}, err
		}
	}
	return relayMetrics{
		published:      vecs.published.WithLabelValues(contextName),
		failures:       vecs.failures.WithLabelValues(contextName),
		parked:         vecs.parked.WithLabelValues(contextName),
		backlog:        vecs.backlog.WithLabelValues(contextName),
		oldestPendingS: vecs.oldestPendingS.WithLabelValues(contextName),
	}, nil
}

// register registers c, or returns the collector already registered under its name; it does
// nothing once an earlier registration has failed.
func register[C prometheus.Collector](reg prometheus.Registerer, c C, failed error) (C, error) {
	if failed != nil {
		return c, failed
	}
	if err := reg.Register(c); err != nil {
		var already prometheus.AlreadyRegisteredError
		if errors.As(err, &already) {
			if existing, ok := already.ExistingCollector.(C); ok {
				return existing, nil
			}
		}
		return c, fmt.Errorf("register outbox metrics: %w", err)
	}
	return c, nil
}
