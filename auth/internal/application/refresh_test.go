package application_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/errs"
)

func TestRefreshRotates(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "ann@example.com")
		first := h.login(t, "ann@example.com", goodPassword)
		second, err := h.refresh(first.RefreshToken)
		if err != nil {
			t.Fatal(err)
		}
		if second.RefreshToken == first.RefreshToken || second.AccessToken == "" || second.TokenType != "Bearer" {
			t.Fatalf("rotation gave %+v", second)
		}
		if _, err := h.refresh(second.RefreshToken); err != nil {
			t.Fatalf("the child token does not refresh: %v", err)
		}
	})
}

func TestRefreshRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		prepare func(t *testing.T, h *harness, token, userID string) // runs before the refresh
		present string                                               // presented instead of the issued token
		want    string
	}{
		{"an unknown token", func(*testing.T, *harness, string, string) {}, "bm90IGEgdG9rZW4gdGhpcyBzZXJ2ZXIgbWFkZQ", domain.CodeInvalidToken},
		{"an expired token", func(_ *testing.T, h *harness, _, _ string) { h.clock.Advance(domain.RefreshTokenTTL) }, "", domain.CodeInvalidToken},
		{"a token of a disabled user", func(t *testing.T, h *harness, _, id string) { setDisabled(t, h, id, true) }, "", domain.CodeInvalidToken},
		{"a logged-out token", func(t *testing.T, h *harness, token, _ string) { logout(t, h, token) }, "", domain.CodeInvalidToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			eachDialect(t, func(t *testing.T, h *harness) {
				u, _ := h.register(t, "ann@example.com")
				token := h.login(t, "ann@example.com", goodPassword).RefreshToken
				tt.prepare(t, h, token, u.ID)
				if tt.present != "" {
					token = tt.present
				}
				_, err := h.refresh(token)
				wantCode(t, err, tt.want)
			})
		})
	}
}

func TestRefreshIsValidUntilJustBeforeItsTTL(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "ann@example.com")
		token := h.login(t, "ann@example.com", goodPassword).RefreshToken
		h.clock.Advance(domain.RefreshTokenTTL - time.Second)
		if _, err := h.refresh(token); err != nil {
			t.Fatalf("a token one second from expiry: %v", err)
		}
	})
}

func TestRotationNeverExtendsTheFamily(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "ann@example.com")
		token := h.login(t, "ann@example.com", goodPassword).RefreshToken
		// Rotate every day: each child is fresh, yet the family ends 30 days after the login.
		step := 24 * time.Hour
		for elapsed := time.Duration(0); elapsed+step < domain.RefreshTokenTTL; elapsed += step {
			h.clock.Advance(step)
			pair, err := h.refresh(token)
			if err != nil {
				t.Fatalf("rotation after %s: %v", elapsed+step, err)
			}
			token = pair.RefreshToken
		}
		h.clock.Advance(step)
		_, err := h.refresh(token)
		wantCode(t, err, domain.CodeInvalidToken)
	})
}

func TestReuseRevokesTheWholeFamily(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "ann@example.com")
		first := h.login(t, "ann@example.com", goodPassword)
		other := h.login(t, "ann@example.com", goodPassword) // another device: another family
		child, err := h.refresh(first.RefreshToken)
		if err != nil {
			t.Fatal(err)
		}
		_, err = h.refresh(first.RefreshToken)
		wantCode(t, err, domain.CodeTokenReused)
		_, err = h.refresh(child.RefreshToken)
		wantCode(t, err, domain.CodeInvalidToken)
		if _, err := h.refresh(other.RefreshToken); err != nil {
			t.Fatalf("another family was revoked too: %v", err)
		}
	})
}

func TestConcurrentRefreshesOfOneTokenLetExactlyOneWin(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "ann@example.com")
		token := h.login(t, "ann@example.com", goodPassword).RefreshToken
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			winners []application.TokenPair
			codes   = map[string]int{}
		)
		for range 10 {
			wg.Go(func() {
				pair, err := h.refresh(token)
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					winners = append(winners, pair)
					return
				}
				e, _ := errs.As(err)
				if e == nil {
					t.Errorf("unexpected failure: %v", err)
					return
				}
				codes[e.Code]++
			})
		}
		wg.Wait()
		// The first loser revokes the family; later ones may find it revoked already.
		reused, invalid := codes[domain.CodeTokenReused], codes[domain.CodeInvalidToken]
		if len(winners) != 1 || reused < 1 || reused+invalid != 9 {
			t.Fatalf("want 1 success and 9 TOKEN_REUSED or INVALID_TOKEN (at least one reuse), got %d successes and %v", len(winners), codes)
		}
		// The losers saw the token used twice, so the winner's child is revoked with the family.
		_, err := h.refresh(winners[0].RefreshToken)
		wantCode(t, err, domain.CodeInvalidToken)
	})
}

func TestLogoutRevokesTheFamilyAndAlwaysSucceeds(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "ann@example.com")
		pair := h.login(t, "ann@example.com", goodPassword)
		child, err := h.refresh(pair.RefreshToken)
		if err != nil {
			t.Fatal(err)
		}
		logout(t, h, pair.RefreshToken) // a spent token still ends its session
		_, err = h.refresh(child.RefreshToken)
		wantCode(t, err, domain.CodeInvalidToken)
		logout(t, h, child.RefreshToken) // twice
		logout(t, h, "never-issued")
		logout(t, h, "")
	})
}

func logout(t *testing.T, h *harness, token string) {
	t.Helper()
	if _, err := h.app.Commands.Logout.Handle(context.Background(), application.Logout{RefreshToken: token}); err != nil {
		t.Fatalf("logout: %v", err)
	}
}
