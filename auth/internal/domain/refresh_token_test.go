package domain_test

import (
	"encoding/base64"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/modmono/auth/internal/domain"
)

func TestNewRefreshTokenHoldsOnlyTheHash(t *testing.T) {
	t.Parallel()
	raw, tok, err := domain.NewRefreshToken("t1", "f1", "u1", t0, domain.RefreshTokenTTL)
	if err != nil {
		t.Fatal(err)
	}
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil || len(b)*8 < 256 {
		t.Fatalf("token %q: want base64url of at least 256 bits, got %d bits (%v)", raw, len(b)*8, err)
	}
	if tok.Hash != domain.HashRefreshToken(raw) || tok.Hash == raw || len(tok.Hash) != 64 {
		t.Fatalf("entity hash %q is not the SHA-256 hex of the token", tok.Hash)
	}
	if !tok.ExpiresAt.Equal(t0.Add(30*24*time.Hour)) || tok.FamilyID != "f1" || tok.UserID != "u1" {
		t.Fatalf("entity = %+v", tok)
	}
	other, _, _ := domain.NewRefreshToken("t2", "f1", "u1", t0, domain.RefreshTokenTTL)
	if other == raw {
		t.Fatal("two tokens are equal: not random")
	}
}

func TestRefreshTokenCheck(t *testing.T) {
	t.Parallel()
	at := func(d time.Duration) *time.Time { v := t0.Add(d); return &v }
	tests := []struct {
		name string
		tok  domain.RefreshToken
		now  time.Time
		want domain.TokenState
	}{
		{"fresh", domain.RefreshToken{ExpiresAt: t0.Add(time.Hour)}, t0, domain.TokenValid},
		{"a microsecond before expiry", domain.RefreshToken{ExpiresAt: t0.Add(time.Hour)}, t0.Add(time.Hour - time.Microsecond), domain.TokenValid},
		{"at expiry", domain.RefreshToken{ExpiresAt: t0.Add(time.Hour)}, t0.Add(time.Hour), domain.TokenExpired},
		{"used", domain.RefreshToken{ExpiresAt: t0.Add(time.Hour), UsedAt: at(0)}, t0, domain.TokenReused},
		{"used and expired is still reuse", domain.RefreshToken{ExpiresAt: t0.Add(time.Hour), UsedAt: at(0)}, t0.Add(2 * time.Hour), domain.TokenReused},
		{"revoked", domain.RefreshToken{ExpiresAt: t0.Add(time.Hour), RevokedAt: at(0)}, t0, domain.TokenRevoked},
		{"revoked wins over used", domain.RefreshToken{ExpiresAt: t0.Add(time.Hour), UsedAt: at(0), RevokedAt: at(0)}, t0, domain.TokenRevoked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.tok.Check(tt.now); got != tt.want {
				t.Fatalf("Check = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRefreshTokenIsValidExactlyUntilItsTTL(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		ttl := time.Duration(rapid.Int64Range(1, int64(domain.RefreshTokenTTL)).Draw(t, "ttl"))
		elapsed := time.Duration(rapid.Int64Range(0, int64(2*domain.RefreshTokenTTL)).Draw(t, "elapsed"))
		_, tok, err := domain.NewRefreshToken("t", "f", "u", t0, ttl)
		if err != nil {
			t.Fatal(err)
		}
		got := tok.Check(t0.Add(elapsed))
		if want := elapsed < ttl; (got == domain.TokenValid) != want {
			t.Fatalf("ttl %v, elapsed %v: got %v", ttl, elapsed, got)
		}
	})
}
