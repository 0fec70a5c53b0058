package readafter

import (
	"context"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/cache"
	"github.com/modmono/platform/cache/cachetest"
	"github.com/modmono/platform/db"
)

func TestRedisKeepsEachUsersLatestPosition(t *testing.T) {
	t.Parallel()
	cfg := cachetest.Config(t)
	tracker, err := New(Config{Redis: cachetest.Open(t, cfg, prometheus.NewRegistry()), KeyPrefix: cfg.Prefix + "readafter:"})
	if err != nil {
		t.Fatal(err)
	}
	alice := authn.WithPrincipal(context.Background(), authn.Principal{UserID: "alice"})
	bob := authn.WithPrincipal(context.Background(), authn.Principal{UserID: "bob"})

	tracker.remember(alice, 200)
	tracker.remember(alice, 100) // a slower request's older commit must not move her back
	if got := tracker.carried(alice, "", ""); got != 200 {
		t.Fatalf("alice's position = %v, want 200", got)
	}
	if got := tracker.carried(bob, "", ""); got != 0 {
		t.Fatalf("bob, who wrote nothing, has position %v", got)
	}
	if got := tracker.carried(context.Background(), "", ""); got != 0 {
		t.Fatalf("an anonymous request has position %v", got)
	}
	// The header and Redis together: the later of the two.
	if got := tracker.carried(alice, tracker.Sign(300), ""); got != 300 {
		t.Fatalf("alice with a newer header = %v, want 300", got)
	}
}

func TestRedisDownSendsReadsToThePrimary(t *testing.T) {
	t.Parallel()
	down, err := cache.Open(cache.Config{URL: "redis://127.0.0.1:1/0", Timeout: 50 * time.Millisecond, TTL: time.Minute,
		NotFoundTTL: time.Second, Prefix: "unused:"}, prometheus.NewRegistry(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(down.Close)
	tracker, err := New(Config{Redis: down})
	if err != nil {
		t.Fatal(err)
	}
	alice := authn.WithPrincipal(context.Background(), authn.Principal{UserID: "alice"})
	tracker.remember(alice, 5) // logged, never fatal
	if got := tracker.carried(alice, "", ""); got != db.Unknown {
		t.Fatalf("position with Redis down = %v, want Unknown (the primary answers)", got)
	}
}
