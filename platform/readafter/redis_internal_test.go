package readafter

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"os"
	"testing"
	"time"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/db"
)

func redisURL(t *testing.T) string {
	t.Helper()
	conn, err := net.DialTimeout("tcp", "127.0.0.1:6379", time.Second)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Redis not reachable at 127.0.0.1:6379 (CI=true): %v", err)
		}
		t.Skipf("Redis not reachable at 127.0.0.1:6379: %v (set CI=true to fail instead)", err)
	}
	conn.Close()
	return "redis://127.0.0.1:6379/0"
}

func TestRedisKeepsEachUsersLatestPosition(t *testing.T) {
	t.Parallel()
	random := make([]byte, 8)
	_, _ = rand.Read(random)
	tracker, err := New(Config{RedisURL: redisURL(t), KeyPrefix: "test-readafter-" + hex.EncodeToString(random) + ":"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tracker.Close() })
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
	tracker, err := New(Config{RedisURL: "redis://127.0.0.1:1/0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tracker.Close() })
	alice := authn.WithPrincipal(context.Background(), authn.Principal{UserID: "alice"})
	tracker.remember(alice, 5) // logged, never fatal
	if got := tracker.carried(alice, "", ""); got != db.Unknown {
		t.Fatalf("position with Redis down = %v, want Unknown (the primary answers)", got)
	}
}
