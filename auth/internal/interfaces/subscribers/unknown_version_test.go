package subscribers_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/modmono/auth/contract"
	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/infra/mail/mailtest"
	"github.com/modmono/auth/internal/interfaces/subscribers"
	"github.com/modmono/platform/broker/natsjs/natstest"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/outbox"
	"github.com/modmono/platform/outbox/outboxtest"
)

// TestAnEventOfAnUnknownVersionIsParkedAndMailsNothing: an event the mailer subscribes to, of a
// version it does not read, with a payload that would send a mail, fails every delivery and ends
// parked with an error naming the version and the known one; no mail leaves. In process auth's
// own relay parks it; over NATS the mailer parks it in auth's outbox.
func TestAnEventOfAnUnknownVersionIsParkedAndMailsNothing(t *testing.T) {
	t.Parallel()
	paths := map[string]func(t *testing.T, f *flow, e outbox.Event) outbox.ParkedEvent{
		"in process": func(t *testing.T, f *flow, e outbox.Event) outbox.ParkedEvent {
			return outboxtest.RelayUntilParked(t, f.engines, f.broker, e)
		},
		"over NATS": func(t *testing.T, f *flow, e outbox.Event) outbox.ParkedEvent {
			p := natstest.ParkedDelivery(t, f.engines, func(s outbox.Subscriber) { subscribers.Register(s, f.app) }, e)
			if p.Subscriber != application.MailerSubscriber {
				t.Errorf("parked for subscriber %q; want %q", p.Subscriber, application.MailerSubscriber)
			}
			return p
		},
	}
	eachDialect(t, func(t *testing.T, d db.Dialect) {
		for path, park := range paths {
			t.Run(path, func(t *testing.T) {
				srv := mailtest.Start(t, mailtest.Options{})
				f := newFlow(t, d, "smtp://"+srv.Addr+"?from=shop@example.com", nil)
				var user struct{ ID string }
				body := f.post(t, "/api/v1/auth/register", `{"email":"ann@example.com","password":"`+goodPassword+`","full_name":"Ann"}`, 201).Body
				if err := json.Unmarshal(body.Bytes(), &user); err != nil {
					t.Fatal(err)
				}
				srv.Wait(t, 1, 10*time.Second) // the welcome mail of version 1
				if err := f.relay.Stop(t.Context()); err != nil {
					t.Fatal(err)
				}
				for typ, payload := range map[string]any{
					contract.EventUserRegistered:            contract.UserRegistered{UserID: user.ID, Email: "ann@example.com", FullName: "Ann"},
					application.EventPasswordResetRequested: application.PasswordResetRequested{UserID: user.ID},
				} {
					e, err := outbox.NewEvent(t.Context(), clock.System{}, typ, 99, user.ID, payload)
					if err != nil {
						t.Fatal(err)
					}
					got := park(t, f, e)
					if want := "is version 99; this subscriber knows version 1"; !strings.Contains(got.LastError, want) {
						t.Errorf("%s: last error %q; want it to contain %q", typ, got.LastError, want)
					}
				}
				if n := len(srv.Messages()); n != 1 {
					t.Errorf("%d mails sent; want only the welcome mail of the registration", n)
				}
			})
		}
	})
}
