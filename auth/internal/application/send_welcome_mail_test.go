package application_test

import (
	"testing"

	"github.com/modmono/auth/contract"
)

func TestWelcomeMailIsSentByTheSubscriberOncePerEvent(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "ann@example.com")
		if n := len(h.mailer.Messages()); n != 0 {
			t.Fatalf("registration sent %d mails itself", n)
		}
		ev := h.events(t, contract.EventUserRegistered)[0]
		h.mailer.SetFailing(true)
		if err := h.deliverWelcome(ev); err == nil {
			t.Fatal("a failed send was reported as handled; the relay would not retry")
		}
		h.mailer.SetFailing(false)
		for range 3 {
			if err := h.deliverWelcome(ev); err != nil {
				t.Fatal(err)
			}
		}
		sent := h.mailer.Messages()
		if len(sent) != 1 || sent[0].To != "ann@example.com" || sent[0].Subject != "Welcome to the shop" {
			t.Fatalf("sent %+v, want one welcome mail to ann@example.com", sent)
		}
	})
}
