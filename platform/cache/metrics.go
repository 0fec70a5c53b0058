package cache

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/modmono/platform/observability"
)

// metrics are the cache's series: a falling hit ratio or rising errors are what an operator
// watches (a down Redis shows as errors{op="connect"} or {op="get"} and only misses).
type metrics struct {
	requests      *prometheus.CounterVec
	errors        *prometheus.CounterVec
	invalidations *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	requests, err := observability.Register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cache_requests_total",
		Help: "Cached queries by result: hit (answered by the cache) or miss (answered by the database).",
	}, []string{"namespace", "result"}))
	if err != nil {
		return nil, err
	}
	errs, err := observability.Register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cache_errors_total",
		Help: "Calls to the cache that failed or timed out, by operation; the query was answered from the database.",
	}, []string{"namespace", "op"}))
	if err != nil {
		return nil, err
	}
	invalidations, err := observability.Register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cache_invalidations_total",
		Help: "Commits that invalidated a namespace of the cache.",
	}, []string{"namespace"}))
	if err != nil {
		return nil, err
	}
	return &metrics{requests: requests, errors: errs, invalidations: invalidations}, nil
}
