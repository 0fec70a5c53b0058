package db

import (
	"context"
	"testing"
	"time"
)

func TestPositionReadsAndPrintsPostgresLSNs(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"0/0", "0/30F67F8", "16/B374D848", "FFFFFFFF/FFFFFFFF"} {
		p, err := ParsePosition(text)
		if err != nil {
			t.Fatalf("ParsePosition(%q): %v", text, err)
		}
		if p.String() != text {
			t.Errorf("ParsePosition(%q).String() = %q", text, p.String())
		}
	}
	a, _ := ParsePosition("0/FFFFFFFF")
	b, _ := ParsePosition("1/0")
	if a >= b {
		t.Errorf("0/FFFFFFFF (%d) should be before 1/0 (%d)", a, b)
	}
	for _, bad := range []string{"", "x/1", "12"} {
		if _, err := ParsePosition(bad); err == nil {
			t.Errorf("ParsePosition(%q) succeeded", bad)
		}
	}
}

func TestLagIsTheTimeSinceThePrimaryWasWhereTheReplicaIs(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 10, 0, time.UTC)
	history := []sample{
		{now.Add(-3 * time.Second), 100},
		{now.Add(-2 * time.Second), 200},
		{now.Add(-1 * time.Second), 300},
		{now, 300},
	}
	tests := []struct {
		name     string
		history  []sample
		replayed Position
		want     time.Duration
	}{
		{"caught up", history, 300, 0},
		{"ahead of the last sample", history, 400, 0},
		{"an idle primary is not lag", []sample{{now.Add(-time.Minute), 50}, {now, 50}}, 50, 0},
		{"between samples counts from the older", history, 250, 2 * time.Second},
		{"at an old sample", history, 100, 3 * time.Second},
		{"older than the history", history, 99, time.Hour},
		{"no history", nil, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := lagOf(tt.history, tt.replayed, now); got != tt.want {
				t.Errorf("lagOf(%d) = %s, want %s", tt.replayed, got, tt.want)
			}
		})
	}
}

func TestSessionNeedsWhatItCarriedAndWhatItCommitted(t *testing.T) {
	t.Parallel()
	loads := 0
	var told []Position
	s := NewSession(func(ctx context.Context) Position { loads++; return 100 }, func(_ context.Context, p Position) { told = append(told, p) })
	ctx := WithSession(context.Background(), s)
	if got := SessionFrom(ctx).Min(ctx); got != 100 {
		t.Fatalf("Min = %d, want the carried 100", got)
	}
	s.commit(ctx, 150)
	s.commit(ctx, 120)
	if got := s.Min(ctx); got != 150 {
		t.Fatalf("Min after commits = %d, want 150", got)
	}
	if s.Committed() != 150 || loads != 1 || len(told) != 2 {
		t.Fatalf("Committed = %d, loads = %d, told %v", s.Committed(), loads, told)
	}
	if SessionFrom(context.Background()) != nil || onPrimary(ctx) || !onPrimary(OnPrimary(ctx)) {
		t.Fatal("context values do not travel as expected")
	}
}

func TestAReadGoesToAReplicaRecentEnoughForItsClient(t *testing.T) {
	t.Parallel()
	type state struct {
		healthy  bool
		replayed Position
		lag      time.Duration
	}
	tests := []struct {
		name     string
		replicas []state
		need     Position
		primary  bool
		reason   string
	}{
		{"a healthy replica within the lag", []state{{true, 100, time.Second}}, 0, false, ""},
		{"a replica past the lag", []state{{true, 100, 6 * time.Second}}, 0, true, "lagging"},
		{"a replica down", []state{{false, 100, 0}}, 0, true, "unavailable"},
		{"the client's write replayed", []state{{true, 100, 0}}, 100, false, ""},
		{"the client's write not yet replayed", []state{{true, 99, 0}}, 100, true, "behind"},
		{"replayed, but past the lag for everything else", []state{{true, 100, time.Minute}}, 100, true, "lagging"},
		{"a position that cannot be known", []state{{true, 1 << 40, 0}}, Unknown, true, "behind"},
		{"one of two will do", []state{{true, 50, 0}, {true, 150, 0}}, 100, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var reps []*replica
			for _, st := range tt.replicas {
				reps = append(reps, &replica{healthy: st.healthy, replayed: st.replayed, lag: st.lag})
			}
			observer := &lastFallback{}
			r := &router{replicas: reps, maxLag: 5 * time.Second, observer: observer}
			ctx := WithSession(context.Background(), NewSession(func(context.Context) Position { return tt.need }, nil))
			got := r.pick(ctx)
			if (got == nil) != tt.primary || observer.reason != tt.reason {
				t.Fatalf("pick = %v (fallback %q), want primary %v (fallback %q)", got, observer.reason, tt.primary, tt.reason)
			}
			if got != nil && got.replayed < tt.need {
				t.Fatalf("picked a replica at %d for a client at %d", got.replayed, tt.need)
			}
			if r.pick(OnPrimary(ctx)) != nil {
				t.Fatal("OnPrimary picked a replica")
			}
		})
	}
}

type lastFallback struct{ reason string }

func (o *lastFallback) Routed(string)          {}
func (o *lastFallback) Fallback(reason string) { o.reason = reason }
func (o *lastFallback) Lag(string, float64)    {}
