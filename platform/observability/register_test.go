package observability_test

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/modmono/platform/observability"
)

func TestRegisterSharesACollectorAlreadyRegisteredAndRefusesAConflict(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	newVec := func() *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Name: "things_total", Help: "Things."}, []string{"kind"})
	}
	first, err := observability.Register(reg, newVec())
	if err != nil {
		t.Fatal(err)
	}
	second, err := observability.Register(reg, newVec())
	if err != nil || second != first {
		t.Fatalf("second registration: %p, %v; want the first collector %p and no error", second, err, first)
	}
	conflict := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "things_total", Help: "Things."}, []string{"colour"})
	if _, err := observability.Register(reg, conflict); err == nil {
		t.Fatal("a collector of the same name with other labels registered; want an error")
	}
}
