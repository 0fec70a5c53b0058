package store_test

import (
	"context"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
)

var resetTokenSpecs = []spec{
	{"reset tokens: an added token is found by its hash, an unknown hash is INVALID_TOKEN", func(t *testing.T, s testStore) {
		u := addUsers(t, s, "ada@example.test")[0]
		want := addResetToken(t, s, u.ID)
		if got := resetTokenByHash(t, s, want.Hash); !reflect.DeepEqual(got, want) {
			t.Fatalf("ByHash = %+v; want %+v", got, want)
		}
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			_, err := r.PasswordResetTokens().ByHash(ctx, "0000")
			assertCode(t, "ByHash(unknown)", err, errs.KindUnauthenticated, domain.CodeInvalidToken)
			return nil
		})
	}},
	{"reset tokens: Redeem wins once, and never after expiry", func(t *testing.T, s testStore) {
		u := addUsers(t, s, "ada@example.test")[0]
		live, stale := addResetToken(t, s, u.ID), addResetToken(t, s, u.ID)
		for i, want := range []bool{true, false} {
			if got := redeem(t, s, live.ID, t0.Add(time.Duration(i+1)*time.Minute)); got != want {
				t.Fatalf("Redeem call %d = %v; want %v", i+1, got, want)
			}
		}
		if got := resetTokenByHash(t, s, live.Hash).UsedAt; got == nil || !got.Equal(t0.Add(time.Minute)) {
			t.Fatalf("used_at = %v; want the first call's %v", got, t0.Add(time.Minute))
		}
		if redeem(t, s, stale.ID, stale.ExpiresAt) {
			t.Fatal("Redeem at the expiry instant succeeded")
		}
	}},
	{"reset tokens: of concurrent redemptions exactly one wins", func(t *testing.T, s testStore) {
		u := addUsers(t, s, "ada@example.test")[0]
		tok := addResetToken(t, s, u.ID)
		var wins atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				if redeem(t, s, tok.ID, t0.Add(time.Minute)) {
					wins.Add(1)
				}
			})
		}
		wg.Wait()
		if n := wins.Load(); n != 1 {
			t.Fatalf("%d redemptions won; want exactly 1", n)
		}
	}},
	{"reset tokens: SpendAllForUser spends that user's unused tokens only", func(t *testing.T, s testStore) {
		users := addUsers(t, s, "ada@example.test", "bob@example.test")
		used, open, other := addResetToken(t, s, users[0].ID), addResetToken(t, s, users[0].ID), addResetToken(t, s, users[1].ID)
		redeem(t, s, used.ID, t0.Add(time.Second))
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			return r.PasswordResetTokens().SpendAllForUser(ctx, users[0].ID, t0.Add(time.Minute))
		})
		for tok, want := range map[string]*time.Time{used.Hash: ptr(t0.Add(time.Second)), open.Hash: ptr(t0.Add(time.Minute)), other.Hash: nil} {
			got := resetTokenByHash(t, s, tok).UsedAt
			if (got == nil) != (want == nil) || (got != nil && !got.Equal(*want)) {
				t.Errorf("token %s used_at = %v; want %v", tok, got, want)
			}
		}
	}},
	{"reset tokens: DeleteExpired removes only tokens expired before now", func(t *testing.T, s testStore) {
		u := addUsers(t, s, "ada@example.test")[0]
		tok := addResetToken(t, s, u.ID)
		for _, now := range []time.Time{tok.ExpiresAt, tok.ExpiresAt.Add(time.Microsecond)} {
			do(t, s, func(ctx context.Context, r application.Repositories) error {
				return r.PasswordResetTokens().DeleteExpired(ctx, now)
			})
		}
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			_, err := r.PasswordResetTokens().ByHash(ctx, tok.Hash)
			assertCode(t, "ByHash(purged)", err, errs.KindUnauthenticated, domain.CodeInvalidToken)
			return nil
		})
	}},
}

func addResetToken(t *testing.T, s testStore, userID string) domain.PasswordResetToken {
	t.Helper()
	_, tok, err := domain.NewPasswordResetToken(ids.New(), userID, t0)
	if err != nil {
		t.Fatal(err)
	}
	do(t, s, func(ctx context.Context, r application.Repositories) error {
		return r.PasswordResetTokens().Add(ctx, tok)
	})
	return tok
}

func resetTokenByHash(t *testing.T, s testStore, hash string) (got domain.PasswordResetToken) {
	t.Helper()
	do(t, s, func(ctx context.Context, r application.Repositories) (err error) {
		got, err = r.PasswordResetTokens().ByHash(ctx, hash)
		return err
	})
	return got
}

func redeem(t *testing.T, s testStore, id string, at time.Time) (won bool) {
	t.Helper()
	do(t, s, func(ctx context.Context, r application.Repositories) (err error) {
		won, err = r.PasswordResetTokens().Redeem(ctx, id, at)
		return err
	})
	return won
}
