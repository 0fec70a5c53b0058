package domain

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"time"
)

// PasswordResetTokenTTL is the contract's validity of a mailed reset link.
const PasswordResetTokenTTL = 30 * time.Minute

// resetTokenBytes is 256 bits of entropy, like a refresh token: the token alone proves control
// of the mailbox, so it must be out of reach of guessing.
const resetTokenBytes = 32

// PasswordResetToken is a single-use permission to set a user's password without knowing it.
type PasswordResetToken struct {
	ID        string
	UserID    string
	Hash      string // SHA-256 of the mailed token, hex; the token itself is never stored
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time // set when redeemed, or when another token of the user was
}

// NewPasswordResetToken makes a token valid for PasswordResetTokenTTL from now. It returns the
// opaque token, which goes only into the mail, and the entity, which holds only its hash.
func NewPasswordResetToken(id, userID string, now time.Time) (string, PasswordResetToken, error) {
	b := make([]byte, resetTokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", PasswordResetToken{}, fmt.Errorf("read random bytes for a password reset token: %w", err)
	}
	raw := base64.RawURLEncoding.EncodeToString(b)
	return raw, PasswordResetToken{
		ID:        id,
		UserID:    userID,
		Hash:      HashPasswordResetToken(raw),
		CreatedAt: now,
		ExpiresAt: now.Add(PasswordResetTokenTTL),
	}, nil
}

// HashPasswordResetToken is how a presented token is looked up; as for refresh tokens, a fast
// hash suffices because the token has 256 random bits.
func HashPasswordResetToken(raw string) string {
	return HashRefreshToken(raw)
}

// Usable reports whether the token can still be redeemed at now.
func (t PasswordResetToken) Usable(now time.Time) bool {
	return t.UsedAt == nil && now.Before(t.ExpiresAt)
}
