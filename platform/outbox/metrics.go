package outbox

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/modmono/platform/observability"
)

// relayMetrics are one relay's series, labelled with its context.
type relayMetrics struct {
	published, failures, busy       prometheus.Counter
	parked, backlog, oldestPendingS prometheus.Gauge
}

func newRelayMetrics(reg prometheus.Registerer, contextName string) (relayMetrics, error) {
	label := []string{"context"}
	vecs := struct {
		published, failures, busy       *prometheus.CounterVec
		parked, backlog, oldestPendingS *prometheus.GaugeVec
	}{
		published: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "outbox_published_total", Help: "Events the outbox relay has published.",
		}, label),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "outbox_publish_failures_total", Help: "Failed attempts to publish an outbox event.",
		}, label),
		busy: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "outbox_relay_busy_total",
			Help: "Batches the relay left to another relay of the context (another replica) holding the outbox; each is tried again within milliseconds.",
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
		// Every context's relay shares these series names, so a registry may already hold them.
		failed := make([]error, 6)
		vecs.published, failed[0] = observability.Register(reg, vecs.published)
		vecs.failures, failed[1] = observability.Register(reg, vecs.failures)
		vecs.parked, failed[2] = observability.Register(reg, vecs.parked)
		vecs.backlog, failed[3] = observability.Register(reg, vecs.backlog)
		vecs.oldestPendingS, failed[4] = observability.Register(reg, vecs.oldestPendingS)
		vecs.busy, failed[5] = observability.Register(reg, vecs.busy)
		if err := errors.Join(failed...); err != nil {
			return relayMetrics{}, fmt.Errorf("register outbox metrics: %w", err)
		}
	}
	return relayMetrics{
		published:      vecs.published.WithLabelValues(contextName),
		failures:       vecs.failures.WithLabelValues(contextName),
		busy:           vecs.busy.WithLabelValues(contextName),
		parked:         vecs.parked.WithLabelValues(contextName),
		backlog:        vecs.backlog.WithLabelValues(contextName),
		oldestPendingS: vecs.oldestPendingS.WithLabelValues(contextName),
	}, nil
}
