package platform

import (
	"github.com/prometheus/client_golang/prometheus"
)

// readMetrics counts where one context's reads go when it has read replicas (db.ReadObserver):
// db_reads_total{context,target}, db_read_fallbacks_total{context,reason} and
// db_replica_lag_seconds{context,replica} (-1 while the replica does not answer).
type readMetrics struct {
	reg       prometheus.Registerer
	routed    *prometheus.CounterVec
	fallbacks *prometheus.CounterVec
	lag       *prometheus.GaugeVec
}

func newReadMetrics(contextName string, reg prometheus.Registerer) (*readMetrics, error) {
	labels := prometheus.Labels{"context": contextName}
	m := &readMetrics{
		reg: reg,
		routed: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "db_reads_total",
			Help: "Reads of the query side by the server that answered them (replica or primary).", ConstLabels: labels}, []string{"target"}),
		fallbacks: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "db_read_fallbacks_total",
			Help: "Reads sent to the primary although replicas are configured, by reason (behind, lagging, unavailable, error).", ConstLabels: labels}, []string{"reason"}),
		lag: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "db_replica_lag_seconds",
			Help: "How far each read replica is behind the primary at its last check; -1 when it does not answer.", ConstLabels: labels}, []string{"replica"}),
	}
	for _, reason := range []string{"behind", "lagging", "unavailable", "error"} {
		m.fallbacks.WithLabelValues(reason) // present at 0 from the start
	}
	for _, target := range []string{"replica", "primary"} {
		m.routed.WithLabelValues(target)
	}
	for _, c := range []prometheus.Collector{m.routed, m.fallbacks, m.lag} {
		if err := reg.Register(c); err != nil {
			m.unregister()
			return nil, err
		}
	}
	return m, nil
}

func (m *readMetrics) unregister() {
	m.reg.Unregister(m.routed)
	m.reg.Unregister(m.fallbacks)
	m.reg.Unregister(m.lag)
}

func (m *readMetrics) Routed(target string)   { m.routed.WithLabelValues(target).Inc() }
func (m *readMetrics) Fallback(reason string) { m.fallbacks.WithLabelValues(reason).Inc() }
func (m *readMetrics) Lag(replica string, seconds float64) {
	m.lag.WithLabelValues(replica).Set(seconds)
}
