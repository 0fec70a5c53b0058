package bus

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/modmono/platform/observability"
)

// Metrics counts calls by outcome and times them. Registering twice on one registry (two buses
// in one process) shares the same series instead of failing.
func Metrics(reg prometheus.Registerer) (Decorator, error) {
	calls, err := observability.Register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "handler_calls_total",
		Help: "Command and query handler calls, by handler name, kind and outcome.",
	}, []string{"name", "kind", "outcome"}))
	if err != nil {
		return nil, err
	}
	duration, err := observability.Register(reg, prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "handler_duration_seconds",
		Help: "Command and query handler latency, by handler name and kind.",
		// Finer than the default buckets at the low end: many handlers finish in well under 5 ms.
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"name", "kind"}))
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, call Call, next func(context.Context) error) error {
		start := time.Now()
		err := next(ctx)
		duration.WithLabelValues(call.Name, string(call.Kind)).Observe(time.Since(start).Seconds())
		calls.WithLabelValues(call.Name, string(call.Kind), outcome(err)).Inc()
		return err
	}, nil
}
