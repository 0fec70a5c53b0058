package mail_test

import (
	"strings"
	"testing"

	"github.com/modmono/auth/internal/infra/mail"
)

func TestParseSMTPURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw  string
		want mail.SMTPConfig
	}{
		{"smtp://user:p%40ss@mail.example.com:2525?from=shop@example.com",
			mail.SMTPConfig{Host: "mail.example.com", Port: "2525", Username: "user", Password: "p@ss", From: "shop@example.com"}},
		{"smtp://mail.example.com", mail.SMTPConfig{Host: "mail.example.com", Port: "587"}},
		{"smtp://mail.example.com?starttls=optional", mail.SMTPConfig{Host: "mail.example.com", Port: "587", StartTLSOptional: true}},
		{"smtp://mail.example.com/?starttls=required", mail.SMTPConfig{Host: "mail.example.com", Port: "587"}},
		{"smtps://u:p@mail.example.com", mail.SMTPConfig{Host: "mail.example.com", Port: "465", Username: "u", Password: "p", ImplicitTLS: true}},
		{"smtp://[::1]:25", mail.SMTPConfig{Host: "::1", Port: "25"}},
	}
	for _, tt := range tests {
		got, err := mail.ParseSMTPURL(tt.raw)
		if err != nil || got != tt.want {
			t.Errorf("ParseSMTPURL(%q) = %+v, %v; want %+v", tt.raw, got, err, tt.want)
		}
		if addr := got.Addr(); addr == "" {
			t.Errorf("%q: no address", tt.raw)
		}
	}
}

func TestParseSMTPURLRefusesWithoutRepeatingThePassword(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{
		"http://u:secret@mail.example.com",
		"smtp://u:secret@",
		"smtp://u:secret@mail.example.com/path",
		"smtp://u:secret@mail.example.com?from=not-an-address",
		"smtp://u:secret@mail.example.com?starttls=never",
		"smtp://u:secret@mail.example.com?startls=optional",
		"smtps://u:secret@mail.example.com?starttls=optional",
		"smtp://u:secret@mail.example.com:port\x7f",
		"::not a url secret",
	} {
		_, err := mail.ParseSMTPURL(raw)
		if err == nil {
			t.Errorf("ParseSMTPURL(%q) accepted", raw)
			continue
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("ParseSMTPURL(%q) error repeats the password: %v", raw, err)
		}
	}
}
