package mail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/infra/mail"
)

func TestComposerRendersEachMailWithItsOwnSubject(t *testing.T) {
	t.Parallel()
	welcome, err := mail.Composer{}.Welcome(application.WelcomeMail{To: "ada@example.com", SiteURL: "https://shop.example"})
	if err != nil {
		t.Fatal(err)
	}
	link := "https://shop.example/reset-password?token=abc_DEF-123"
	reset, err := mail.Composer{}.PasswordReset(application.PasswordResetMail{To: "ada@example.com", Link: link, ValidFor: 30 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		got     application.Message
		subject string
		want    []string // in both the text and the HTML
	}{
		{"welcome", welcome, "Welcome to the shop", []string{"Hello,", "ada@example.com", "https://shop.example"}},
		{"password reset", reset, "Reset your password", []string{"Hello,", link, "30 minutes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got.To != "ada@example.com" || tt.got.Subject != tt.subject {
				t.Fatalf("To %q, subject %q; want ada@example.com, %q", tt.got.To, tt.got.Subject, tt.subject)
			}
			for _, w := range tt.want {
				if !strings.Contains(tt.got.Text, w) || !strings.Contains(strings.Join(strings.Fields(tt.got.HTML), " "), w) {
					t.Errorf("%q missing from text %q or HTML %q", w, tt.got.Text, tt.got.HTML)
				}
			}
		})
	}
}
