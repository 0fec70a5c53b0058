package domain

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"
)

// RefreshTokenTTL is how long a refresh token stays valid unless rotated or revoked.
const RefreshTokenTTL = 30 * 24 * time.Hour

// refreshTokenBytes is 256 bits of entropy: guessing a live token is out of reach.
const refreshTokenBytes = 32

// RefreshToken is one link of a rotation chain. All tokens descended from one login share a
// FamilyID; presenting a token that was already used revokes the whole family.
type RefreshToken struct {
	ID        string
	FamilyID  string
	UserID    string
	Hash      string // SHA-256 of the opaque token, hex; the token itself is never stored
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time // set when rotated
	RevokedAt *time.Time
}

// NewRefreshToken makes a token valid for ttl from now. It returns the opaque token, which
// only the client ever holds, and the entity, which holds only its hash.
func NewRefreshToken(id, familyID, userID string, now time.Time, ttl time.Duration) (string, RefreshToken, error) {
	b := make([]byte, refreshTokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", RefreshToken{}, fmt.Errorf("read random bytes for a refresh token: %w", err)
	}
	raw := base64.RawURLEncoding.EncodeToString(b)
	return raw, RefreshToken{
		ID:        id,
		FamilyID:  familyID,
		UserID:    userID,
		Hash:      HashRefreshToken(raw),
		CreatedAt: now,
		ExpiresAt: now.Add(ttl),
	}, nil
}

// HashRefreshToken is how a presented token is looked up. A fast hash is enough: the token has
// 256 random bits, so there is nothing to brute-force that a slow hash would protect.
func HashRefreshToken(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

// TokenState is the verdict on a presented refresh token.
type TokenState int

const (
	TokenValid TokenState = iota
	// TokenReused: the token was already rotated, so someone else may hold it; the caller
	// must revoke the family.
	TokenReused
	TokenRevoked
	TokenExpired
)

func (s TokenState) String() string {
	return [...]string{"valid", "reused", "revoked", "expired"}[s]
}

// Check decides what a token presented at now is worth. Revocation wins (the family is already
// dead); reuse is reported even after expiry, because a rotated token showing up again means it
// leaked and its descendants may still be live.
func (t RefreshToken) Check(now time.Time) TokenState {
	switch {
	case t.RevokedAt != nil:
		return TokenRevoked
	case t.UsedAt != nil:
		return TokenReused
	case !now.Before(t.ExpiresAt):
		return TokenExpired
	default:
		return TokenValid
	}
}
