package mail

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/infra/mail/mailtest"
	"github.com/modmono/platform/clock"
)

// remote points an adapter at a loopback test server while it believes the server is the
// remote host mail.example.test, to exercise the rules for servers across a network.
func remote(t *testing.T, srv *mailtest.Server, cfg SMTPConfig) *SMTP {
	t.Helper()
	cfg.Host, cfg.Port, cfg.From = "mail.example.test", "25", "shop@example.com"
	s, err := NewSMTP(cfg, clock.System{})
	if err != nil {
		t.Fatal(err)
	}
	s.addr = srv.Addr
	return s
}

func TestRemoteServerRules(t *testing.T) {
	t.Parallel()
	m := application.Message{To: "ada@example.com", Subject: "s", Text: "t", HTML: "h"}
	tests := []struct {
		name    string
		cfg     SMTPConfig
		wantErr string // "" wants delivery
	}{
		{"no STARTTLS offered: refused", SMTPConfig{}, "does not offer STARTTLS"},
		{"no STARTTLS offered, ?starttls=optional: sent in clear", SMTPConfig{StartTLSOptional: true}, ""},
		{"credentials over clear text: never sent", SMTPConfig{StartTLSOptional: true, Username: "u", Password: "p"}, "unencrypted connection"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := mailtest.Start(t, mailtest.Options{})
			err := remote(t, srv, tt.cfg).Send(context.Background(), m)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				srv.Wait(t, 1, 5*time.Second)
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || len(srv.Messages()) != 0 {
				t.Fatalf("error %v, want %q and nothing delivered", err, tt.wantErr)
			}
		})
	}
}

func TestLoopback(t *testing.T) {
	t.Parallel()
	for host, want := range map[string]bool{"localhost": true, "127.0.0.1": true, "127.1.2.3": true, "::1": true, "mail.example.com": false, "10.0.0.1": false} {
		if got := (SMTPConfig{Host: host}).loopback(); got != want {
			t.Errorf("loopback(%s) = %v, want %v", host, got, want)
		}
	}
}
