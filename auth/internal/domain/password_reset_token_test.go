package domain_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"testing"
	"time"

	"github.com/modmono/auth/internal/domain"
)

func TestNewPasswordResetTokenHoldsOnlyTheHash(t *testing.T) {
	t.Parallel()
	raw, tok, err := domain.NewPasswordResetToken("t1", "u1", t0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil || len(b)*8 < 256 {
		t.Fatalf("token %q: want base64url of at least 256 bits, got %d bits (%v)", raw, len(b)*8, err)
	}
	sum := sha256.Sum256([]byte(raw))
	if tok.Hash != hex.EncodeToString(sum[:]) || tok.Hash != domain.HashPasswordResetToken(raw) {
		t.Fatalf("entity hash %q is not the SHA-256 hex of the token", tok.Hash)
	}
	if !tok.ExpiresAt.Equal(t0.Add(30*time.Minute)) || tok.UserID != "u1" || tok.ID != "t1" || tok.UsedAt != nil {
		t.Fatalf("entity = %+v, want unused, valid for 30 minutes", tok)
	}
	if other, _, _ := domain.NewPasswordResetToken("t2", "u1", t0); other == raw {
		t.Fatal("two tokens are equal: not random")
	}
}

func TestPasswordResetTokenUsable(t *testing.T) {
	t.Parallel()
	used := t0.Add(time.Minute)
	tests := []struct {
		name string
		tok  domain.PasswordResetToken
		at   time.Duration
		want bool
	}{
		{"fresh", domain.PasswordResetToken{ExpiresAt: t0.Add(30 * time.Minute)}, 0, true},
		{"a microsecond before expiry", domain.PasswordResetToken{ExpiresAt: t0.Add(30 * time.Minute)}, 30*time.Minute - time.Microsecond, true},
		{"at expiry", domain.PasswordResetToken{ExpiresAt: t0.Add(30 * time.Minute)}, 30 * time.Minute, false},
		{"used", domain.PasswordResetToken{ExpiresAt: t0.Add(30 * time.Minute), UsedAt: &used}, 2 * time.Minute, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.tok.Usable(t0.Add(tt.at)); got != tt.want {
				t.Fatalf("Usable = %v, want %v", got, tt.want)
			}
		})
	}
}
