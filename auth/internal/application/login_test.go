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

func TestLoginIssuesATokenPair(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "ann@example.com")
		pair := h.login(t, " ANN@example.com", goodPassword)
		if pair.AccessToken == "" || pair.RefreshToken == "" || pair.TokenType != "Bearer" || pair.ExpiresIn != 900 {
			t.Fatalf("pair = %+v", pair)
		}
		if _, err := h.refresh(pair.RefreshToken); err != nil {
			t.Fatalf("the new refresh token does not refresh: %v", err)
		}
	})
}

func TestLoginFailuresAllLookAlike(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "ann@example.com")
		disabled, _ := h.register(t, "off@example.com")
		setDisabled(t, h, disabled.ID, true)
		tests := []struct{ name, email, password string }{
			{"wrong password", "ann@example.com", "not the password"},
			{"unknown email", "nobody@example.com", goodPassword},
			{"malformed email", "not an email", goodPassword},
			{"disabled account, right password", "off@example.com", goodPassword},
		}
		var message string
		for _, tt := range tests {
			before := h.hasher.verifications.Load()
			_, err := h.app.Commands.Login.Handle(context.Background(), application.Login{Email: tt.email, Password: tt.password})
			wantCode(t, err, domain.CodeInvalidCredentials)
			if e, _ := errs.As(err); message != "" && e.Message != message {
				t.Fatalf("%s: message %q differs from %q", tt.name, e.Message, message)
			} else {
				message = e.Message
			}
			if n := h.hasher.verifications.Load() - before; n != 1 {
				t.Fatalf("%s: %d password checks, want exactly 1 so that timing matches", tt.name, n)
			}
		}
	})
}

func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, email, typed string }{
		{"known email, variants of case and spacing count together", "ann@example.com", " Ann@Example.com "},
		{"unknown email", "", "ghost@example.com"},
		{"malformed email", "", "  NOT AN EMAIL "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			eachDialect(t, func(t *testing.T, h *harness) {
				ctx := context.Background()
				if tt.email != "" {
					h.register(t, tt.email)
				}
				for i := range 5 {
					_, err := h.app.Commands.Login.Handle(ctx, application.Login{Email: tt.typed, Password: "wrong password"})
					if !errs.HasCode(err, domain.CodeInvalidCredentials) {
						t.Fatalf("attempt %d: want INVALID_CREDENTIALS, got %v", i+1, err)
					}
				}
				h.ageThrottle(t, time.Minute)
				_, err := h.app.Commands.Login.Handle(ctx, application.Login{Email: tt.typed, Password: goodPassword})
				e, ok := errs.As(err)
				if !ok || e.Kind != errs.KindTooManyRequests || e.RetryAfter <= 13*time.Minute || e.RetryAfter > 14*time.Minute {
					t.Fatalf("6th attempt, right password: want 429 with Retry-After about 14m, got %v", err)
				}
				h.ageThrottle(t, 14*time.Minute) // the window has ended
				_, err = h.app.Commands.Login.Handle(ctx, application.Login{Email: tt.typed, Password: goodPassword})
				if tt.email != "" {
					wantCode(t, err, "")
				} else {
					wantCode(t, err, domain.CodeInvalidCredentials)
				}
			})
		})
	}
}

func TestSuccessfulLoginResetsTheThrottle(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "ann@example.com")
		for range 2 {
			for range 4 {
				_, err := h.app.Commands.Login.Handle(context.Background(), application.Login{Email: "ann@example.com", Password: "wrong password"})
				wantCode(t, err, domain.CodeInvalidCredentials)
			}
			h.login(t, "ann@example.com", goodPassword) // the 5th attempt succeeds and starts over
		}
	})
}

// TestOnlyFailuresCount: correct sign-ins, however many at once, never use up the budget; four
// failures before them leave one guess, and they do not take it away.
func TestOnlyFailuresCount(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "ann@example.com")
		for range 4 {
			_, err := h.app.Commands.Login.Handle(context.Background(), application.Login{Email: "ann@example.com", Password: "wrong password"})
			wantCode(t, err, domain.CodeInvalidCredentials)
		}
		var wg sync.WaitGroup
		results := make(chan error, 12)
		for range 12 {
			wg.Go(func() {
				_, err := h.app.Commands.Login.Handle(context.Background(), application.Login{Email: "ann@example.com", Password: goodPassword})
				results <- err
			})
		}
		wg.Wait()
		close(results)
		for err := range results {
			if err != nil {
				t.Fatalf("a parallel correct sign-in failed: %v", err)
			}
		}
	})
}

// TestParallelGuessesAllCount: wrong guesses racing each other may each pass the check (the
// hasher's queue bounds how many), but every one is counted, so afterwards the email is locked
// even for the right password.
func TestParallelGuessesAllCount(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "ann@example.com")
		var wg sync.WaitGroup
		results := make(chan error, 20)
		for range 20 {
			wg.Go(func() {
				_, err := h.app.Commands.Login.Handle(context.Background(), application.Login{Email: "ann@example.com", Password: "wrong password"})
				results <- err
			})
		}
		wg.Wait()
		close(results)
		counts := map[errs.Kind]int{}
		for err := range results {
			counts[errs.KindOf(err)]++
		}
		if counts[errs.KindUnauthenticated]+counts[errs.KindTooManyRequests] != 20 || counts[errs.KindUnauthenticated] < 5 {
			t.Fatalf("want only 401 and 429, at least five 401, got %v", counts)
		}
		if n := h.hasher.verifications.Load(); n != int64(counts[errs.KindUnauthenticated]) {
			t.Fatalf("%d password checks for %d failures: each checked guess must be counted", n, counts[errs.KindUnauthenticated])
		}
		_, err := h.app.Commands.Login.Handle(context.Background(), application.Login{Email: "ann@example.com", Password: goodPassword})
		if errs.KindOf(err) != errs.KindTooManyRequests {
			t.Fatalf("the right password after the flood: want 429, got %v", err)
		}
	})
}

func TestPurgeLoginThrottleDeletesEndedWindows(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		_, _ = h.app.Commands.Login.Handle(ctx, application.Login{Email: "old@example.com", Password: "x"})
		h.ageThrottle(t, 10*time.Minute)
		_, _ = h.app.Commands.Login.Handle(ctx, application.Login{Email: "new@example.com", Password: "x"})
		h.ageThrottle(t, 6*time.Minute) // old's window has ended, new's has not
		if _, err := h.app.Commands.PurgeLoginThrottle.Handle(ctx, application.PurgeLoginThrottle{}); err != nil {
			t.Fatal(err)
		}
		var rows int
		if err := h.engines.Write.QueryRowContext(ctx, "SELECT count(*) FROM login_throttle").Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if rows != 1 {
			t.Fatalf("%d throttle rows left, want 1", rows)
		}
	})
}
