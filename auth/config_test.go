package auth

import (
	"strings"
	"testing"

	pconfig "github.com/modmono/platform/config"
)

func TestMailSettings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     map[string]string
		wantVar string // "" wants the settings accepted
	}{
		{"defaults: the sink under ./var/mail", nil, ""},
		{"SMTP with credentials and a sender", map[string]string{"SMTP_URL": "smtps://u:hunter2@mail.example.com?from=shop@example.com"}, ""},
		{"a malformed SMTP_URL", map[string]string{"SMTP_URL": "smtp://u:hunter2@mail.example.com?tls=no"}, "SMTP_URL"},
		{"an SMTP_URL of another scheme", map[string]string{"SMTP_URL": "https://u:hunter2@mail.example.com"}, "SMTP_URL"},
		{"a sender that is no address", map[string]string{"MAIL_FROM": "shop"}, "MAIL_FROM"},
		{"a relative base URL", map[string]string{"PUBLIC_BASE_URL": "shop.example.com"}, "PUBLIC_BASE_URL"},
		{"a base URL with a query", map[string]string{"PUBLIC_BASE_URL": "https://shop.example.com/?a=1"}, "PUBLIC_BASE_URL"},
		{"a base URL of another scheme", map[string]string{"PUBLIC_BASE_URL": "ftp://shop.example.com"}, "PUBLIC_BASE_URL"},
		{"a base URL with a path", map[string]string{"PUBLIC_BASE_URL": "https://example.com/shop/"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := pconfig.LoadFrom[config](tt.env)
			if tt.wantVar == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantVar+":") {
				t.Fatalf("error %v, want one naming %s", err, tt.wantVar)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Fatalf("error %v repeats the SMTP password", err)
			}
		})
	}
}

func TestMailDefaults(t *testing.T) {
	t.Parallel()
	cfg, err := pconfig.LoadFrom[config](map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.SMTPURL != "" || cfg.MailSinkDir != "./var/mail/" || cfg.MailFrom != "no-reply@localhost" || cfg.PublicBaseURL != "http://localhost:8080" {
		t.Fatalf("defaults %+v", cfg)
	}
}

func TestRefreshTTLSetting(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		value string
		ok    bool
	}{{"720h", true}, {"1h", true}, {"8784h", true}, {"59m", false}, {"8785h", false}} {
		cfg, err := pconfig.LoadFrom[config](map[string]string{"AUTH_REFRESH_TTL": tc.value})
		if tc.ok != (err == nil) || (!tc.ok && !strings.HasPrefix(err.Error(), "AUTH_REFRESH_TTL:")) {
			t.Errorf("AUTH_REFRESH_TTL=%s: %+v, %v; want ok=%v", tc.value, cfg.RefreshTTL, err, tc.ok)
		}
	}
}

// TestRateLimitsAreOnByDefault: the per-client limits hold real-shop values unless configured,
// and a bad value names its variable.
func TestRateLimitsAreOnByDefault(t *testing.T) {
	t.Parallel()
	cfg, err := pconfig.LoadFrom[config](nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.RegistrationRate.Off() || cfg.PasswordResetRate.Off() {
		t.Fatalf("defaults %s, %s; want both limits on", cfg.RegistrationRate, cfg.PasswordResetRate)
	}
	cfg, err = pconfig.LoadFrom[config](map[string]string{"RATE_LIMIT_REGISTRATIONS": "3/10m", "RATE_LIMIT_PASSWORD_RESETS": "off"})
	if err != nil || cfg.RegistrationRate.String() != "3/10m0s" || !cfg.PasswordResetRate.Off() {
		t.Fatalf("tuned: %s, %s, %v", cfg.RegistrationRate, cfg.PasswordResetRate, err)
	}
	if _, err := pconfig.LoadFrom[config](map[string]string{"RATE_LIMIT_REGISTRATIONS": "lots"}); err == nil || !strings.Contains(err.Error(), "RATE_LIMIT_REGISTRATIONS") {
		t.Fatalf("a bad value: %v; want an error naming RATE_LIMIT_REGISTRATIONS", err)
	}
}
