package application_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/errs"
)

const newPassword = "a brand new passphrase"

func TestConfirmSetsThePasswordAndEndsEverySessionAndLink(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "ann@example.com")
		session := h.login(t, "ann@example.com", goodPassword)
		first, second := h.resetToken(t, "ann@example.com"), h.resetToken(t, "ann@example.com")

		wantFields(t, h.confirm(first, "short"), "new_password/too_short")
		wantCode(t, h.confirm(first, newPassword), "") // a weak password did not spend the link

		_, err := h.app.Commands.Login.Handle(context.Background(), application.Login{Email: "ann@example.com", Password: goodPassword})
		wantCode(t, err, domain.CodeInvalidCredentials)
		h.login(t, "ann@example.com", newPassword)
		_, err = h.refresh(session.RefreshToken)
		wantCode(t, err, domain.CodeInvalidToken)

		for name, token := range map[string]string{"used": first, "other outstanding": second, "unknown": "nope", "empty": ""} {
			if err := h.confirm(token, "yet another passphrase"); !errs.HasCode(err, domain.CodeInvalidToken) {
				t.Errorf("%s token: want INVALID_TOKEN, got %v", name, err)
			}
		}
	})
}

func TestConfirmHonoursTheThirtyMinuteLimit(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "ann@example.com")
		late, onTime := h.resetToken(t, "ann@example.com"), h.resetToken(t, "ann@example.com")
		h.clock.Advance(30*time.Minute - time.Microsecond)
		wantCode(t, h.confirm(onTime, newPassword), "")
		h.clock.Advance(time.Microsecond)
		wantCode(t, h.confirm(late, newPassword), domain.CodeInvalidToken)
	})
}

func TestConfirmRefusesTheTokenOfADisabledUser(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ann, _ := h.register(t, "ann@example.com")
		token := h.resetToken(t, "ann@example.com")
		setDisabled(t, h, ann.ID, true)
		wantCode(t, h.confirm(token, newPassword), domain.CodeInvalidToken)
	})
}

func TestConcurrentConfirmationsOfOneTokenOneWins(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "ann@example.com")
		token := h.resetToken(t, "ann@example.com")
		results := make([]error, 10)
		var wg sync.WaitGroup
		for i := range results {
			wg.Go(func() { results[i] = h.confirm(token, fmt.Sprintf("parallel passphrase %d", i)) })
		}
		wg.Wait()
		winner := -1
		for i, err := range results {
			switch {
			case err == nil && winner == -1:
				winner = i
			case err == nil:
				t.Fatalf("confirmations %d and %d both succeeded", winner, i)
			case !errs.HasCode(err, domain.CodeInvalidToken):
				t.Fatalf("confirmation %d: %v", i, err)
			}
		}
		if winner == -1 {
			t.Fatal("no confirmation succeeded")
		}
		h.login(t, "ann@example.com", fmt.Sprintf("parallel passphrase %d", winner))
	})
}

func TestPurgeDeletesExpiredResetTokens(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "ann@example.com")
		h.resetToken(t, "ann@example.com")
		h.clock.Advance(31 * time.Minute)
		h.resetToken(t, "ann@example.com")
		if _, err := h.app.Commands.PurgePasswordResetTokens.Handle(context.Background(), application.PurgePasswordResetTokens{}); err != nil {
			t.Fatal(err)
		}
		if n := len(h.column(t, "SELECT token_hash FROM password_reset_tokens")); n != 1 {
			t.Fatalf("%d tokens left, want only the live one", n)
		}
	})
}
