package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/db"
)

// refreshTokens is the write-side repository of refresh tokens, bound to one transaction.
type refreshTokens struct {
	conn db.Conn
}

func (r refreshTokens) Add(ctx context.Context, t domain.RefreshToken) error {
	_, err := queries.Exec(ctx, r.conn, "refresh_tokens.insert", db.Args{
		"id":         t.ID,
		"family_id":  t.FamilyID,
		"user_id":    t.UserID,
		"token_hash": t.Hash,
		"created_at": t.CreatedAt,
		"expires_at": t.ExpiresAt,
		"used_at":    t.UsedAt, // platform/db binds a nil *time.Time as NULL
		"revoked_at": t.RevokedAt,
	})
	if err != nil {
		return fmt.Errorf("store refresh token %s: %w", t.ID, err)
	}
	return nil
}

func (r refreshTokens) ByHash(ctx context.Context, hash string) (domain.RefreshToken, error) {
	var (
		t               domain.RefreshToken
		usedAt, revoked sql.NullTime
	)
	err := queries.QueryRow(ctx, r.conn, "refresh_tokens.get_by_hash", db.Args{"token_hash": hash}).
		Scan(&t.ID, &t.FamilyID, &t.UserID, &t.Hash, &t.CreatedAt, &t.ExpiresAt, &usedAt, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.RefreshToken{}, domain.ErrInvalidToken().WithCause(err)
	}
	if err != nil {
		return domain.RefreshToken{}, fmt.Errorf("load refresh token: %w", err)
	}
	t.CreatedAt, t.ExpiresAt = t.CreatedAt.UTC(), t.ExpiresAt.UTC()
	t.UsedAt, t.RevokedAt = timePtr(usedAt), timePtr(revoked)
	return t, nil
}

func (r refreshTokens) MarkUsed(ctx context.Context, id string, at time.Time) (bool, error) {
	n, err := queries.Exec(ctx, r.conn, "refresh_tokens.mark_used", db.Args{"id": id, "at": at})
	if err != nil {
		return false, fmt.Errorf("mark refresh token %s used: %w", id, err)
	}
	return n == 1, nil
}

func (r refreshTokens) RevokeFamily(ctx context.Context, familyID string, at time.Time) error {
	_, err := queries.Exec(ctx, r.conn, "refresh_tokens.revoke_family", db.Args{"family_id": familyID, "at": at})
	if err != nil {
		return fmt.Errorf("revoke refresh token family %s: %w", familyID, err)
	}
	return nil
}

func (r refreshTokens) RevokeAllForUser(ctx context.Context, userID string, at time.Time) error {
	_, err := queries.Exec(ctx, r.conn, "refresh_tokens.revoke_user", db.Args{"user_id": userID, "at": at})
	if err != nil {
		return fmt.Errorf("revoke refresh tokens of user %s: %w", userID, err)
	}
	return nil
}
