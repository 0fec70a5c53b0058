package mail_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	authmail "github.com/modmono/auth/internal/infra/mail"
	"github.com/modmono/auth/internal/infra/mail/mailtest"
	"github.com/modmono/platform/clock"
)

// smtpTo builds the SMTP adapter for a test server, trusting its certificate.
func smtpTo(t *testing.T, srv *mailtest.Server, scheme, userinfo string) *authmail.SMTP {
	t.Helper()
	cfg, err := authmail.ParseSMTPURL(scheme + "://" + userinfo + srv.Addr + "?from=Shop%20%3Cshop@example.com%3E")
	if err != nil {
		t.Fatal(err)
	}
	s, err := authmail.NewSMTP(cfg, clock.NewManual(t0))
	if err != nil {
		t.Fatal(err)
	}
	s.TLS = srv.ClientTLS
	return s
}

func TestSMTPDeliversAParseableMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, scheme, userinfo string
		opts                   mailtest.Options
		wantTLS                bool
	}{
		{"STARTTLS, then AUTH PLAIN", "smtp", "mailer:s3cret@", mailtest.Options{TLS: true, Username: "mailer", Password: "s3cret"}, true},
		{"implicit TLS (smtps), AUTH PLAIN", "smtps", "mailer:s3cret@", mailtest.Options{ImplicitTLS: true, Username: "mailer", Password: "s3cret"}, true},
		{"loopback server without STARTTLS: in clear", "smtp", "", mailtest.Options{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := mailtest.Start(t, tt.opts)
			if err := smtpTo(t, srv, tt.scheme, tt.userinfo).Send(context.Background(), message("ada@example.com", "Grüße")); err != nil {
				t.Fatal(err)
			}
			got := srv.Wait(t, 1, 5*time.Second)[0]
			if got.From != "shop@example.com" || len(got.To) != 1 || got.To[0] != "ada@example.com" {
				t.Errorf("envelope from %q to %q", got.From, got.To)
			}
			if got.TLS != tt.wantTLS || got.AuthUser != tt.opts.Username {
				t.Errorf("TLS %v, authenticated as %q; want %v, %q", got.TLS, got.AuthUser, tt.wantTLS, tt.opts.Username)
			}
			p := mailtest.Parse(t, got.Data)
			if p.Subject != "Grüße" || p.Text != "Hello,\nline two\n" {
				t.Errorf("subject %q, text %q", p.Subject, p.Text)
			}
			wantHeaders(t, p.Header, t0)
		})
	}
}

func TestSMTPFailures(t *testing.T) {
	t.Parallel()
	t.Run("wrong password", func(t *testing.T) {
		t.Parallel()
		srv := mailtest.Start(t, mailtest.Options{TLS: true, Username: "mailer", Password: "s3cret"})
		err := smtpTo(t, srv, "smtp", "mailer:wrong@").Send(context.Background(), message("ada@example.com", "s"))
		if err == nil || len(srv.Messages()) != 0 {
			t.Fatalf("sent with a wrong password: %v", err)
		}
	})
	t.Run("server down", func(t *testing.T) {
		t.Parallel()
		down := &mailtest.Server{Addr: mailtest.FreeAddr(t)}
		err := smtpTo(t, down, "smtp", "").Send(context.Background(), message("ada@example.com", "s"))
		var opErr *net.OpError
		if !errors.As(err, &opErr) || !strings.Contains(err.Error(), down.Addr) {
			t.Fatalf("error %v, want a connection error naming %s", err, down.Addr)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		t.Parallel()
		srv := mailtest.Start(t, mailtest.Options{})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := smtpTo(t, srv, "smtp", "").Send(ctx, message("ada@example.com", "s")); !errors.Is(err, context.Canceled) {
			t.Fatalf("error %v, want context.Canceled", err)
		}
	})
}

func TestNewSelectsSMTPWhenAURLIsSet(t *testing.T) {
	t.Parallel()
	srv := mailtest.Start(t, mailtest.Options{})
	m, err := authmail.New(authmail.Config{SMTPURL: "smtp://" + srv.Addr, SinkDir: t.TempDir(), From: "no-reply@localhost"}, clock.System{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m.(*authmail.SMTP); !ok {
		t.Fatalf("mailer %T, want *SMTP", m)
	}
	if err := m.Send(context.Background(), message("ada@example.com", "s")); err != nil {
		t.Fatal(err)
	}
	if got := srv.Wait(t, 1, 5*time.Second)[0]; got.From != "no-reply@localhost" {
		t.Fatalf("envelope sender %q, want MAIL_FROM's when the URL names none", got.From)
	}
	if m, _ := authmail.New(authmail.Config{SinkDir: t.TempDir(), From: "no-reply@localhost"}, clock.System{}); m == nil {
		t.Fatal("no sink without SMTP_URL")
	} else if _, ok := m.(*authmail.Sink); !ok {
		t.Fatalf("mailer %T, want *Sink", m)
	}
}
