package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
)

var refreshTokenSpecs = []spec{
	{"refresh tokens: an added token is found by its hash", func(t *testing.T, s testStore) {
		u := addUsers(t, s, "ada@example.test")[0]
		want := newToken(u.ID, ids.New())
		addTokens(t, s, want)
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			got, err := r.RefreshTokens().ByHash(ctx, want.Hash)
			if err != nil || !reflect.DeepEqual(got, *want) {
				t.Fatalf("ByHash = %+v, %v; want %+v", got, err, want)
			}
			_, err = r.RefreshTokens().ByHash(ctx, "0000")
			assertCode(t, "ByHash(unknown)", err, errs.KindUnauthenticated, domain.CodeInvalidToken)
			return nil
		})
	}},
	{"refresh tokens: MarkUsed wins once, then reports false", func(t *testing.T, s testStore) {
		u := addUsers(t, s, "ada@example.test")[0]
		tok := newToken(u.ID, ids.New())
		addTokens(t, s, tok)
		usedAt := t0.Add(time.Minute)
		for i, want := range []bool{true, false} {
			do(t, s, func(ctx context.Context, r application.Repositories) error {
				got, err := r.RefreshTokens().MarkUsed(ctx, tok.ID, usedAt.Add(time.Duration(i)*time.Second))
				if err != nil || got != want {
					t.Fatalf("MarkUsed call %d = %v, %v; want %v", i+1, got, err, want)
				}
				return nil
			})
		}
		if got := tokenByHash(t, s, tok.Hash); got.UsedAt == nil || !got.UsedAt.Equal(usedAt) {
			t.Fatalf("used_at = %v; want the first call's %v", got.UsedAt, usedAt)
		}
	}},
	{"refresh tokens: RevokeFamily revokes that family only, keeping the first time", func(t *testing.T, s testStore) {
		u := addUsers(t, s, "ada@example.test")[0]
		family, other := ids.New(), ids.New()
		a1, a2, b := newToken(u.ID, family), newToken(u.ID, family), newToken(u.ID, other)
		addTokens(t, s, a1, a2, b)
		for _, at := range []time.Time{t0.Add(time.Minute), t0.Add(time.Hour)} {
			do(t, s, func(ctx context.Context, r application.Repositories) error {
				return r.RefreshTokens().RevokeFamily(ctx, family, at)
			})
		}
		assertRevoked(t, s, map[*domain.RefreshToken]*time.Time{a1: ptr(t0.Add(time.Minute)), a2: ptr(t0.Add(time.Minute)), b: nil})
	}},
	{"refresh tokens: RevokeAllForUser revokes that user's tokens only", func(t *testing.T, s testStore) {
		users := addUsers(t, s, "ada@example.test", "bob@example.test")
		a1, a2, b := newToken(users[0].ID, ids.New()), newToken(users[0].ID, ids.New()), newToken(users[1].ID, ids.New())
		addTokens(t, s, a1, a2, b)
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			return r.RefreshTokens().RevokeAllForUser(ctx, users[0].ID, t0.Add(time.Second))
		})
		assertRevoked(t, s, map[*domain.RefreshToken]*time.Time{a1: ptr(t0.Add(time.Second)), a2: ptr(t0.Add(time.Second)), b: nil})
	}},
}

func newToken(userID, familyID string) *domain.RefreshToken {
	return &domain.RefreshToken{
		ID:        ids.New(),
		FamilyID:  familyID,
		UserID:    userID,
		Hash:      ids.New() + "-hash", // unique, like a SHA-256 would be
		CreatedAt: t0,
		ExpiresAt: t0.Add(30 * 24 * time.Hour),
	}
}

func addTokens(t *testing.T, s testStore, tokens ...*domain.RefreshToken) {
	t.Helper()
	do(t, s, func(ctx context.Context, r application.Repositories) error {
		for _, tok := range tokens {
			if err := r.RefreshTokens().Add(ctx, *tok); err != nil {
				return err
			}
		}
		return nil
	})
}

func tokenByHash(t *testing.T, s testStore, hash string) (got domain.RefreshToken) {
	t.Helper()
	do(t, s, func(ctx context.Context, r application.Repositories) (err error) {
		got, err = r.RefreshTokens().ByHash(ctx, hash)
		return err
	})
	return got
}

func assertRevoked(t *testing.T, s testStore, want map[*domain.RefreshToken]*time.Time) {
	t.Helper()
	for tok, at := range want {
		got := tokenByHash(t, s, tok.Hash).RevokedAt
		if (got == nil) != (at == nil) || (got != nil && !got.Equal(*at)) {
			t.Errorf("token %s revoked_at = %v; want %v", tok.ID, got, at)
		}
	}
}

func ptr[T any](v T) *T { return &v }
