package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/db"
)

// passwordResetTokens is the write-side repository of password reset tokens, bound to one
// transaction, or (as the finder) to the write engine itself.
type passwordResetTokens struct {
	conn db.Conn
}

// NewPasswordResetTokenFinder looks tokens up on the write engine, outside any transaction: a
// token mailed a moment ago must be found even where a read replica lags.
func NewPasswordResetTokenFinder(e *db.Engines) application.PasswordResetTokenFinder {
	return passwordResetTokens{conn: e.Write}
}

func (r passwordResetTokens) Add(ctx context.Context, t domain.PasswordResetToken) error {
	_, err := queries.Exec(ctx, r.conn, "password_reset_tokens.insert", db.Args{
		"id":         t.ID,
		"user_id":    t.UserID,
		"token_hash": t.Hash,
		"created_at": t.CreatedAt,
		"expires_at": t.ExpiresAt,
		"used_at":    t.UsedAt,
	})
	if err != nil {
		return fmt.Errorf("store password reset token %s: %w", t.ID, err)
	}
	return nil
}

func (r passwordResetTokens) ByHash(ctx context.Context, hash string) (domain.PasswordResetToken, error) {
	var (
		t      domain.PasswordResetToken
		usedAt sql.NullTime
	)
	err := queries.QueryRow(ctx, r.conn, "password_reset_tokens.get_by_hash", db.Args{"token_hash": hash}).
		Scan(&t.ID, &t.UserID, &t.Hash, &t.CreatedAt, &t.ExpiresAt, &usedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.PasswordResetToken{}, domain.ErrInvalidResetToken().WithCause(err)
	}
	if err != nil {
		return domain.PasswordResetToken{}, fmt.Errorf("load password reset token: %w", err)
	}
	t.CreatedAt, t.ExpiresAt, t.UsedAt = t.CreatedAt.UTC(), t.ExpiresAt.UTC(), timePtr(usedAt)
	return t, nil
}

func (r passwordResetTokens) Redeem(ctx context.Context, id string, at time.Time) (bool, error) {
	n, err := queries.Exec(ctx, r.conn, "password_reset_tokens.redeem", db.Args{"id": id, "at": at})
	if err != nil {
		return false, fmt.Errorf("redeem password reset token %s: %w", id, err)
	}
	return n == 1, nil
}

func (r passwordResetTokens) SpendAllForUser(ctx context.Context, userID string, at time.Time) error {
	if _, err := queries.Exec(ctx, r.conn, "password_reset_tokens.spend_user", db.Args{"user_id": userID, "at": at}); err != nil {
		return fmt.Errorf("spend the password reset tokens of user %s: %w", userID, err)
	}
	return nil
}

func (r passwordResetTokens) DeleteExpired(ctx context.Context, now time.Time) error {
	if _, err := queries.Exec(ctx, r.conn, "password_reset_tokens.delete_expired", db.Args{"now": now}); err != nil {
		return fmt.Errorf("delete expired password reset tokens: %w", err)
	}
	return nil
}
