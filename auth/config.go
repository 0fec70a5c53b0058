package auth

import (
	pconfig "github.com/modmono/platform/config"

	"fmt"
	"time"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/infra/mail"
)

// config is the auth context's own configuration, read from the environment at start.
type config struct {
	// Database points auth at its own database and pool (AUTH_DATABASE_URL, AUTH_DB_POOL_MAX,
	// AUTH_DB_POOL_WAIT); what is unset falls back to the shared variable.
	Database pconfig.Database `envPrefix:"AUTH_"`

	SigningKeyPEM  string        `env:"JWT_SIGNING_KEY"`
	SigningKeyFile string        `env:"JWT_SIGNING_KEY_FILE" envDefault:"./var/jwt-signing-key.pem"`
	VerifyKeysPEM  string        `env:"JWT_VERIFY_KEYS"`
	AccessTTL      time.Duration `env:"JWT_ACCESS_TTL" envDefault:"15m"`

	// HashConcurrency bounds argon2id hashes running at once (each holds its memory cost).
	HashConcurrency int `env:"AUTH_HASH_CONCURRENCY" envDefault:"4"`

	BootstrapAdminEmail    string `env:"BOOTSTRAP_ADMIN_EMAIL"`
	BootstrapAdminPassword string `env:"BOOTSTRAP_ADMIN_PASSWORD"`

	// SMTPURL selects SMTP delivery; without it mail is written to MailSinkDir as .eml files.
	SMTPURL     string `env:"SMTP_URL"`
	MailSinkDir string `env:"MAIL_SINK_DIR" envDefault:"./var/mail/"`
	MailFrom    string `env:"MAIL_FROM" envDefault:"no-reply@localhost"`
	// PublicBaseURL is the web front end's address, the base of every link in a mail.
	PublicBaseURL string `env:"PUBLIC_BASE_URL" envDefault:"http://localhost:8080"`
}

func (c config) Validate() error {
	if c.AccessTTL <= 0 || c.AccessTTL > 15*time.Minute {
		return fmt.Errorf("JWT_ACCESS_TTL: %s is outside 1s..15m", c.AccessTTL)
	}
	if c.HashConcurrency < 1 || c.HashConcurrency > 256 {
		return fmt.Errorf("AUTH_HASH_CONCURRENCY: %d is outside 1..256", c.HashConcurrency)
	}
	if (c.BootstrapAdminEmail == "") != (c.BootstrapAdminPassword == "") {
		return fmt.Errorf("BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD: set both or neither")
	}
	if c.SigningKeyPEM == "" && c.SigningKeyFile == "" {
		return fmt.Errorf("JWT_SIGNING_KEY_FILE: empty, and no JWT_SIGNING_KEY either")
	}
	return c.validateMail()
}

func (c config) validateMail() error {
	if _, err := mail.ParseFrom(c.MailFrom); err != nil {
		return fmt.Errorf("MAIL_FROM: %w", err)
	}
	if c.SMTPURL != "" {
		if _, err := mail.ParseSMTPURL(c.SMTPURL); err != nil {
			return fmt.Errorf("SMTP_URL: %w", err) // never the value: it may hold a password
		}
	}
	if err := application.ValidatePublicBaseURL(c.PublicBaseURL); err != nil {
		return fmt.Errorf("PUBLIC_BASE_URL: %w", err)
	}
	return nil
}
