package application_test

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"testing"

	"github.com/modmono/auth/internal/application"
)

func TestResetMailCarriesATokenStoredOnlyAsItsHash(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "ann@example.com")
		token := h.resetToken(t, "ann@example.com")
		sent := h.mailer.Messages()
		if len(sent) != 1 || sent[0].To != "ann@example.com" || sent[0].Subject != "Reset your password" {
			t.Fatalf("sent %+v, want one reset mail to ann@example.com", sent)
		}
		sum := sha256.Sum256([]byte(token))
		if stored := h.column(t, "SELECT token_hash FROM password_reset_tokens"); !slices.Equal(stored, []string{hex.EncodeToString(sum[:])}) {
			t.Fatalf("stored %q, want only the SHA-256 of the mailed token", stored)
		}
	})
}

func TestResetMailIsSentOncePerEventAndRetriedAfterAFailure(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "ann@example.com")
		h.requestReset(t, "ann@example.com")
		ev := h.events(t, application.EventPasswordResetRequested)[0]

		h.mailer.SetFailing(true)
		if err := h.deliverReset(ev); err == nil {
			t.Fatal("a failed send was reported as handled; the relay would not retry")
		}
		h.mailer.SetFailing(false)
		for range 2 { // the retry sends; a redelivery after it does not
			if err := h.deliverReset(ev); err != nil {
				t.Fatal(err)
			}
		}
		sent := h.mailer.Messages()
		if len(sent) != 1 {
			t.Fatalf("%d mails, want exactly 1", len(sent))
		}
		if err := h.confirm(tokenIn(t, sent[0]), "a brand new passphrase"); err != nil {
			t.Fatalf("the mailed link does not work: %v", err)
		}
	})
}

func TestResetMailSkipsAUserDisabledSinceTheRequest(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ann, _ := h.register(t, "ann@example.com")
		h.requestReset(t, "ann@example.com")
		setDisabled(t, h, ann.ID, true)
		if err := h.deliverReset(h.events(t, application.EventPasswordResetRequested)[0]); err != nil {
			t.Fatal(err)
		}
		if n := len(h.mailer.Messages()); n != 0 {
			t.Fatalf("%d mails to a disabled account", n)
		}
	})
}
