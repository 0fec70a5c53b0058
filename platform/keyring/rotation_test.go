package keyring_test

import (
	"slices"
	"testing"
	"time"

	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/keyring"
)

func generations(keys []keyring.Key) []int {
	var g []int
	for _, k := range keys {
		g = append(g, k.Generation)
	}
	return g
}

// The timeline of one rotation: key 2 is added at start with Publish 1m, Lifetime 15m.
func TestSetTimeline(t *testing.T) {
	t.Parallel()
	set := keyring.Set{
		{Generation: 1, SignsFrom: start.Add(-time.Hour)},
		{Generation: 2, SignsFrom: start.Add(time.Minute)},
	}
	const lifetime = 15 * time.Minute
	tests := []struct {
		name        string
		at          time.Duration
		wantSigning int
		wantVerify  []int
		// wantUntil: when the answers change next, from start; -1 for never.
		wantUntil time.Duration
	}{
		{"published, not yet signing", 0, 1, []int{1, 2}, time.Minute},
		{"just before its time", time.Minute - time.Microsecond, 1, []int{1, 2}, time.Minute},
		{"signing from its time; the old key still verifies", time.Minute, 2, []int{2, 1}, time.Minute + lifetime},
		{"old key verifies until the last token it signed expired", time.Minute + lifetime - time.Microsecond, 2, []int{2, 1}, time.Minute + lifetime},
		{"then it is gone", time.Minute + lifetime, 2, []int{2}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			now := start.Add(tt.at)
			signing, _ := set.Signing(now)
			if signing.Generation != tt.wantSigning {
				t.Errorf("signing = %d; want %d", signing.Generation, tt.wantSigning)
			}
			if got := generations(set.Verifying(now, lifetime)); !slices.Equal(got, tt.wantVerify) {
				t.Errorf("verifying = %v; want %v", got, tt.wantVerify)
			}
			until := set.Until(now, lifetime)
			if want := start.Add(tt.wantUntil); (tt.wantUntil < 0 && !until.IsZero()) || (tt.wantUntil >= 0 && !until.Equal(want)) {
				t.Errorf("until = %v; want start+%v", until, tt.wantUntil)
			}
		})
	}
}

func TestRotate(t *testing.T) {
	t.Parallel()
	const publish = time.Minute
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			ctx := testContext(t)
			clk := clock.NewManual(start)
			store := keyring.NewStore(dbtest.OpenMigrated(t, dialect, "auth", "keys"), clk)
			keeper, err := keyring.NewKeeper(ctx, store, keyring.KeeperConfig{Purpose: keyring.JWTSigning, Clock: clk})
			if err != nil {
				t.Fatal(err)
			}
			r, err := keeper.Rotate(ctx, publish)
			if err != nil || !r.Added || r.Key.Generation != 2 || !r.Key.SignsFrom.Equal(start.Add(time.Minute)) {
				t.Fatalf("rotate = %+v, %v; want generation 2 added, signing from start+1m", r, err)
			}
			set, _ := keeper.Current()
			if s, _ := set.Signing(clk.Now()); s.Generation != 1 {
				t.Fatalf("right after the rotation generation %d signs; want 1 (publish before use)", s.Generation)
			}
			again, err := keeper.Rotate(ctx, publish)
			if err != nil || again.Added || again.Key.Generation != 2 {
				t.Fatalf("rotating again while 2 is pending = %+v, %v; want generation 2, not added", again, err)
			}
			clk.Advance(publish + keyring.Retention - time.Microsecond)
			third, err := keeper.Rotate(ctx, publish)
			if err != nil || !third.Added || third.Key.Generation != 3 || len(third.Deleted) != 0 {
				t.Fatalf("rotating just before generation 1's retention ended = %+v, %v; want 3 added, nothing deleted", third, err)
			}
			clk.Advance(time.Microsecond)
			fourth, err := keeper.Rotate(ctx, publish)
			if err != nil || fourth.Added || !slices.Equal(fourth.Deleted, []int{1}) {
				t.Fatalf("rotating with 3 pending after generation 1's retention = %+v, %v; want 3 kept pending, 1 deleted", fourth, err)
			}
			set, _ = keeper.Current()
			if got := generations(set); !slices.Equal(got, []int{2, 3}) {
				t.Fatalf("stored generations = %v; want [2 3]", got)
			}
		})
	}
}

// A reload asked for by an unknown key id happens at once, then at most once per MinInterval.
func TestReloadSoonIsRateLimited(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	clk := clock.NewManual(start)
	engines := dbtest.OpenMigrated(t, "sqlite", "auth", "keys")
	const publish = time.Minute
	cfg := keyring.KeeperConfig{Purpose: keyring.JWTSigning, Clock: clk, MinInterval: 10 * time.Minute}
	mine, err := keyring.NewKeeper(ctx, keyring.NewStore(engines, clk), cfg)
	if err != nil {
		t.Fatal(err)
	}
	other, err := keyring.NewKeeper(ctx, keyring.NewStore(engines, clk), cfg)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		advance    time.Duration
		rotate     bool
		wantReload bool
	}{
		{advance: 10 * time.Minute, rotate: true, wantReload: true},
		{advance: time.Minute, rotate: true, wantReload: false}, // within MinInterval of the last
		{advance: 9 * time.Minute, wantReload: true},
	}
	for i, step := range steps {
		clk.Advance(step.advance)
		if step.rotate {
			if _, err := other.Rotate(ctx, publish); err != nil {
				t.Fatal(err)
			}
		}
		if got := mine.ReloadSoon(ctx); got != step.wantReload {
			t.Fatalf("step %d: ReloadSoon picked up a change = %v; want %v", i, got, step.wantReload)
		}
	}
	mineSet, _ := mine.Current()
	otherSet, _ := other.Current()
	if !slices.Equal(generations(mineSet), generations(otherSet)) {
		t.Fatalf("after the reloads this replica has %v, the other %v", generations(mineSet), generations(otherSet))
	}
}
