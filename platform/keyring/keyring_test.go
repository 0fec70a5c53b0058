package keyring_test

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/keyring"
)

var start = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func migrate(t *testing.T, ctx context.Context, e *db.Engines) {
	t.Helper()
	if err := dbtest.MigrateSets(t, "keys")(ctx, e.Write, "auth"); err != nil {
		t.Fatal(err)
	}
}

// Ten replicas start at once on an empty store, each with its own engines: one key is created
// and every replica ends with it.
func TestTenReplicasStartingAtOnceCreateOneKey(t *testing.T) {
	t.Parallel()
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			ctx := testContext(t)
			shared := dbtest.NewShared(t, dialect, "auth")
			first, err := shared.Open(ctx)
			if err != nil {
				t.Fatal(err)
			}
			migrate(t, ctx, first)
			const replicas = 10
			sets := make([]keyring.Set, replicas)
			errs := make([]error, replicas)
			var wg sync.WaitGroup
			ready := make(chan struct{})
			for i := range replicas {
				wg.Go(func() {
					engines, err := shared.Open(ctx)
					if err != nil {
						errs[i] = err
						return
					}
					<-ready
					k, err := keyring.NewKeeper(ctx, keyring.NewStore(engines, nil), keyring.KeeperConfig{
						Purpose: keyring.JWTSigning,
					})
					if err != nil {
						errs[i] = err
						return
					}
					sets[i], _ = k.Current()
				})
			}
			close(ready)
			wg.Wait()
			for i := range replicas {
				if errs[i] != nil {
					t.Fatalf("replica %d: %v", i, errs[i])
				}
				if len(sets[i]) != 1 || !bytes.Equal(sets[i][0].Secret, sets[0][0].Secret) {
					t.Fatalf("replica %d has %+v; replica 0 has %+v: want the same one key", i, sets[i], sets[0])
				}
			}
			stored, err := keyring.NewStore(first, nil).Load(ctx, keyring.JWTSigning)
			if err != nil || len(stored) != 1 {
				t.Fatalf("stored keys = %d (%v); want 1", len(stored), err)
			}
		})
	}
}

func TestPurposesHaveTheirOwnKeys(t *testing.T) {
	t.Parallel()
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			ctx := testContext(t)
			store := keyring.NewStore(dbtest.OpenMigrated(t, dialect, "auth", "keys"), nil)
			imported := bytes.Repeat([]byte{7}, keyring.JWTSigning.SecretSize())
			a, err := store.Ensure(ctx, keyring.JWTSigning, func() ([]byte, error) { return imported, nil })
			if err != nil || !bytes.Equal(a[0].Secret, imported) {
				t.Fatalf("first key = %+v, %v; want the imported one", a, err)
			}
			b, err := store.Ensure(ctx, keyring.AdminSession, nil)
			if err != nil || len(b[0].Secret) != keyring.AdminSession.SecretSize() {
				t.Fatalf("first admin key = %+v, %v; want %d random bytes", b, err, keyring.AdminSession.SecretSize())
			}
			again, err := store.Ensure(ctx, keyring.JWTSigning, func() ([]byte, error) { return nil, fmt.Errorf("must not be called") })
			if err != nil || !bytes.Equal(again[0].Secret, a[0].Secret) {
				t.Fatalf("Ensure on a store with a key = %+v, %v; want the stored key", again, err)
			}
		})
	}
}
