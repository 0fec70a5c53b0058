package outbox_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/outbox"
)

// metricValue reads one series of reg, labelled context="test"; -1 when it is absent.
func metricValue(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			if len(m.GetLabel()) == 1 && m.GetLabel()[0].GetValue() == "test" {
				if m.GetCounter() != nil {
					return m.GetCounter().GetValue()
				}
				return m.GetGauge().GetValue()
			}
		}
	}
	return -1
}

func TestRelayMetricsFollowPublishesFailuresBacklogAndParking(t *testing.T) {
	t.Parallel()
	type want struct{ published, failures, backlog, parked, ageSeconds float64 }
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := openStore(t, d, "outbox")
			clk := clock.NewManual(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
			poison := must(outbox.NewEvent(context.Background(), clk, "test.happened", 1, "p", 1))
			fine := must(outbox.NewEvent(context.Background(), clk, "test.happened", 1, "f", 1))
			appendCommitted(t, e, poison, fine)
			clk.Advance(10 * time.Second)

			reg := prometheus.NewRegistry()
			pub := &recorder{fail: func(ev outbox.Event, _ int) error {
				if ev.ID == poison.ID {
					return errors.New("rejected")
				}
				return nil
			}}
			r, err := outbox.NewRelay(outbox.RelayConfig{Name: "test", Engines: e, Publisher: pub, Clock: clk,
				Logger: quietLogger, PollInterval: 5 * time.Millisecond, MaxAttempts: 2, BackoffBase: time.Minute}, reg)
			if err != nil {
				t.Fatal(err)
			}
			// A second relay of the same context on the same registry shares the series.
			if _, err := outbox.NewRelay(outbox.RelayConfig{Name: "test", Engines: e, Publisher: pub}, reg); err != nil {
				t.Fatalf("a second relay on the registry: %v", err)
			}
			check := func(stage string, w want) {
				t.Helper()
				read := func() want {
					return want{metricValue(t, reg, "outbox_published_total"), metricValue(t, reg, "outbox_publish_failures_total"),
						metricValue(t, reg, "outbox_backlog"), metricValue(t, reg, "outbox_parked"),
						metricValue(t, reg, "outbox_oldest_unpublished_age_seconds")}
				}
				deadline := time.Now().Add(10 * time.Second)
				for got := read(); got != w; got = read() {
					if time.Now().After(deadline) {
						t.Fatalf("%s: metrics %+v, want %+v", stage, got, w)
					}
					time.Sleep(2 * time.Millisecond)
				}
			}
			if err := r.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			defer func() { _ = r.Stop(context.Background()) }()
			check("after the first failure", want{published: 1, failures: 1, backlog: 1, parked: 0, ageSeconds: 10})
			clk.Advance(2 * time.Minute)
			check("after parking", want{published: 1, failures: 2, backlog: 0, parked: 1, ageSeconds: 0})
		})
	}
}
