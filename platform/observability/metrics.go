// Package observability sets up what operators watch: the Prometheus registry and its /metrics
// handler, and the OpenTelemetry tracer provider and W3C trace-context propagation.
package observability

import (
	"errors"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// NewRegistry returns a registry with the Go runtime and process collectors. A registry of our
// own, not the global default, keeps tests isolated and libraries from adding metrics unasked.
func NewRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return reg
}

// Register registers c with reg, or returns the collector reg already holds under c's
// description: a second relay, bus, broker, server or app on one registry (several contexts in
// one process, or tests) shares the series instead of failing.
func Register[C prometheus.Collector](reg prometheus.Registerer, c C) (C, error) {
	err := reg.Register(c)
	var already prometheus.AlreadyRegisteredError
	if errors.As(err, &already) {
		if existing, ok := already.ExistingCollector.(C); ok {
			return existing, nil
		}
	}
	return c, err
}

// MetricsHandler serves the registry in the Prometheus text format (OpenMetrics on request).
func MetricsHandler(reg prometheus.Gatherer) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
}
