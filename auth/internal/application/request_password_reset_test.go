package application_test

import (
	"context"
	"testing"
	"time"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/platform/errs"
)

// TestResetRequestRecordsAnEventOnlyForAKnownEnabledUser: every well-formed address gets the
// same answer; only a known, enabled account gets an event, carrying its id and nothing else.
func TestResetRequestRecordsAnEventOnlyForAKnownEnabledUser(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ann, _ := h.register(t, "ann@example.com")
		off, _ := h.register(t, "off@example.com")
		setDisabled(t, h, off.ID, true)
		for _, email := range []string{" ANN@example.com ", "ghost@example.com", "off@example.com"} {
			h.requestReset(t, email)
		}
		evs := h.events(t, application.EventPasswordResetRequested)
		if len(evs) != 1 || evs[0].AggregateID != ann.ID || string(evs[0].Payload) != `{"user_id":"`+ann.ID+`"}` {
			t.Fatalf("reset events %+v, want exactly one for %s holding only its id", evs, ann.ID)
		}
		if sent := h.mailer.Messages(); len(sent) != 0 {
			t.Fatalf("the request sent %d mails itself; the subscriber sends them", len(sent))
		}
	})
}

func TestResetRequestRefusesAMalformedEmail(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		for email, code := range map[string]string{"not an email": "invalid", "  ": "required", "Ann <ann@example.com>": "invalid"} {
			_, err := h.app.Commands.RequestPasswordReset.Handle(context.Background(), application.RequestPasswordReset{Email: email})
			wantFields(t, err, "email/"+code)
		}
	})
}

// TestResetRequestThrottle: the sixth request for one address within 15 minutes is refused,
// known or not, and counts apart from failed logins.
func TestResetRequestThrottle(t *testing.T) {
	t.Parallel()
	for name, known := range map[string]bool{"known email": true, "unknown email": false} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			eachDialect(t, func(t *testing.T, h *harness) {
				if known {
					h.register(t, "ann@example.com")
				}
				for range 5 {
					h.requestReset(t, "Ann@Example.com")
				}
				h.ageThrottle(t, time.Minute)
				_, err := h.app.Commands.RequestPasswordReset.Handle(context.Background(), application.RequestPasswordReset{Email: "ann@example.com"})
				if e, ok := errs.As(err); !ok || e.Kind != errs.KindTooManyRequests || e.RetryAfter <= 13*time.Minute || e.RetryAfter > 14*time.Minute {
					t.Fatalf("known=%v, 6th request: want 429 with Retry-After about 14m, got %v", known, err)
				}
				if known {
					h.login(t, "ann@example.com", goodPassword) // the login limit is untouched
					if n := len(h.events(t, application.EventPasswordResetRequested)); n != 5 {
						t.Fatalf("%d reset events, want 5: a refused request records none", n)
					}
				}
				h.ageThrottle(t, 14*time.Minute)
				h.requestReset(t, "ann@example.com")
			})
		})
	}
}
