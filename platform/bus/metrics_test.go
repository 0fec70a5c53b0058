package bus_test

import (
	"context"
	"errors"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/errs"
)

func TestMetricsCountCallsByOutcomeAndTimeThem(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	m, err := bus.Metrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	c := call("auth.login", bus.KindCommand)
	_ = m(ctx, c, returning(nil))
	_ = m(ctx, c, returning(nil))
	_ = m(ctx, c, returning(errs.Unauthenticated("INVALID_CREDENTIALS", "no")))
	_ = m(ctx, c, returning(errors.New("boom")))

	calls, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{bus.OutcomeSuccess: 2, bus.OutcomeClientError: 1, bus.OutcomeServerError: 1}
	got := map[string]float64{}
	var observed uint64
	for _, mf := range calls {
		for _, metric := range mf.GetMetric() {
			switch mf.GetName() {
			case "handler_calls_total":
				labels := map[string]string{}
				for _, l := range metric.GetLabel() {
					labels[l.GetName()] = l.GetValue()
				}
				if labels["name"] != "auth.login" || labels["kind"] != "command" {
					t.Errorf("labels %v, want name auth.login kind command", labels)
				}
				got[labels["outcome"]] = metric.GetCounter().GetValue()
			case "handler_duration_seconds":
				observed += metric.GetHistogram().GetSampleCount()
			}
		}
	}
	for outcome, n := range want {
		if got[outcome] != n {
			t.Errorf("handler_calls_total{outcome=%q} = %v, want %v", outcome, got[outcome], n)
		}
	}
	if observed != 4 {
		t.Errorf("handler_duration_seconds observed %d calls, want 4", observed)
	}
}

func TestMetricsOnTheSameRegistryTwiceShareTheSeries(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	first, err := bus.Metrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	second, err := bus.Metrics(reg)
	if err != nil {
		t.Fatalf("second registration: %v", err)
	}
	_ = first(context.Background(), call("q", bus.KindQuery), returning(nil))
	_ = second(context.Background(), call("q", bus.KindQuery), returning(nil))
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range families {
		if mf.GetName() == "handler_calls_total" {
			if n := len(mf.GetMetric()); n != 1 || mf.GetMetric()[0].GetCounter().GetValue() != 2 {
				t.Fatalf("%d handler_calls_total series, want 1 shared series counting 2", n)
			}
			return
		}
	}
	t.Fatal("no handler_calls_total")
}
