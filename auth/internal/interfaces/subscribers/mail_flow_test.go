package subscribers_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/modmono/auth/internal/infra/mail"
	"github.com/modmono/auth/internal/infra/mail/mailtest"
	"github.com/modmono/platform/db"
)

var resetLink = regexp.MustCompile(`http://localhost:8080/reset-password\?token=([A-Za-z0-9_-]{43})`)

// TestResetLinkArrivesOverSMTPAndWorks follows a reset as a user would: the mail comes through a
// real SMTP server (STARTTLS, AUTH PLAIN), and its link sets the password. The registrant's
// full name, which they chose along with the recipient, is in neither mail.
func TestResetLinkArrivesOverSMTPAndWorks(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, d db.Dialect) {
		srv := mailtest.Start(t, mailtest.Options{TLS: true, Username: "mailer", Password: "s3cret"})
		f := newFlow(t, d, "smtp://mailer:s3cret@"+srv.Addr+"?from=shop@example.com", func(s *mail.SMTP) { s.TLS = srv.ClientTLS })

		f.post(t, "/api/v1/auth/register", `{"email":"ann@example.com","password":"`+goodPassword+`","full_name":"Click http://evil.example now"}`, 201)
		f.post(t, "/api/v1/auth/password-reset", `{"email":"Ann@Example.com"}`, 202)
		got := srv.Wait(t, 2, 10*time.Second)
		byTopic := map[string]mailtest.Parsed{}
		for _, m := range got {
			if !m.TLS || m.AuthUser != "mailer" || m.To[0] != "ann@example.com" {
				t.Fatalf("message over TLS %v as %q to %v; want TLS, mailer, ann@example.com", m.TLS, m.AuthUser, m.To)
			}
			p := mailtest.Parse(t, m.Data)
			byTopic[p.Subject] = p
			for _, part := range []string{p.Subject, p.Text, p.HTML} {
				if strings.Contains(part, "evil.example") || strings.Contains(part, "Click") {
					t.Fatalf("the %q mail carries the registrant's chosen name: %q", p.Subject, part)
				}
			}
		}
		reset, ok := byTopic["Reset your password"]
		if _, welcomed := byTopic["Welcome to the shop"]; !ok || !welcomed {
			t.Fatalf("subjects %v, want a welcome and a reset mail", byTopic)
		}
		found := resetLink.FindStringSubmatch(reset.Text)
		if found == nil {
			t.Fatalf("no reset link in %q", reset.Text)
		}
		f.post(t, "/api/v1/auth/password-reset/confirm", `{"token":"`+found[1]+`","new_password":"a brand new passphrase"}`, 204)
		f.post(t, "/api/v1/auth/login", `{"email":"ann@example.com","password":"a brand new passphrase"}`, 200)
		f.post(t, "/api/v1/auth/password-reset/confirm", `{"token":"`+found[1]+`","new_password":"yet another passphrase"}`, 401)
	})
}

// TestWelcomeMailWaitsForADownServerAndArrivesOnce: with the SMTP server down, registration
// still answers 201; the relay retries the welcome mail until the server is up, and then
// exactly one arrives.
func TestWelcomeMailWaitsForADownServerAndArrivesOnce(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, d db.Dialect) {
		addr := mailtest.FreeAddr(t)
		f := newFlow(t, d, "smtp://"+addr+"?from=shop@example.com", nil)
		f.post(t, "/api/v1/auth/register", `{"email":"ann@example.com","password":"`+goodPassword+`","full_name":"Ann"}`, 201)

		deadline := time.Now().Add(10 * time.Second)
		for f.mailer.failures.Load() < 3 {
			if time.Now().After(deadline) {
				t.Fatalf("%d failed sends, want the relay to keep retrying", f.mailer.failures.Load())
			}
			time.Sleep(5 * time.Millisecond)
		}
		srv := mailtest.StartOn(t, addr, mailtest.Options{})
		srv.Wait(t, 1, 10*time.Second)
		time.Sleep(100 * time.Millisecond) // ten more polls: time for a duplicate to show
		if err := f.relay.Stop(t.Context()); err != nil {
			t.Fatal(err)
		}
		got := srv.Messages()
		if len(got) != 1 || got[0].To[0] != "ann@example.com" {
			t.Fatalf("%d messages, want exactly one welcome mail to ann@example.com", len(got))
		}
		if p := mailtest.Parse(t, got[0].Data); p.Subject != "Welcome to the shop" {
			t.Fatalf("subject %q", p.Subject)
		}
		var pending int
		if err := f.engines.Read.QueryRowContext(t.Context(), "SELECT count(*) FROM outbox WHERE published_at IS NULL").Scan(&pending); err != nil || pending != 0 {
			t.Fatalf("%d events unpublished (%v), want none", pending, err)
		}
	})
}
