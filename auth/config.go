package auth

import (
	pconfig "github.com/modmono/platform/config"

	"fmt"
	"time"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/infra/mail"
	"github.com/modmono/platform/ratelimit"
)

// legacyKeyFile is where the gateway kept its generated signing key before keys were kept in the
// database; an install that has one imports it as the first stored key, so its tokens stay good.
const legacyKeyFile = "./var/jwt-signing-key.pem"

// config is the auth context's own configuration, read from the environment at start.
type config struct {
	// Database points auth at its own database and pool (AUTH_DATABASE_URL, AUTH_DB_POOL_MAX,
	// AUTH_DB_POOL_WAIT); what is unset falls back to the shared variable.
	Database pconfig.Database `envPrefix:"AUTH_"`

	// Without SigningKeyPEM or SigningKeyFile the signing keys are kept in auth's database.
	SigningKeyPEM  string        `env:"JWT_SIGNING_KEY"`
	SigningKeyFile string        `env:"JWT_SIGNING_KEY_FILE"`
	VerifyKeysPEM  string        `env:"JWT_VERIFY_KEYS"`
	AccessTTL      time.Duration `env:"JWT_ACCESS_TTL" envDefault:"15m"`
	// RefreshTTL is a refresh-token family's absolute lifetime from its login: rotating never
	// extends it, so after it the user signs in again.
	RefreshTTL time.Duration `env:"AUTH_REFRESH_TTL" envDefault:"720h"`

	// HashConcurrency bounds argon2id hashes running at once (each holds its memory cost); 0 is
	// GOMAXPROCS, since a hash (p=1) keeps one core busy and more at once than cores only adds
	// memory and latency.
	HashConcurrency int `env:"AUTH_HASH_CONCURRENCY" envDefault:"0"`
	// HashQueue bounds the requests waiting for a hashing slot; past it they get 503 at once.
	HashQueue int `env:"AUTH_HASH_QUEUE" envDefault:"16"`

	// Per-client limits (RATE_LIMITS=off turns every one off): accounts created, and reset
	// mails asked for, per client address.
	RegistrationRate  ratelimit.Rate `env:"RATE_LIMIT_REGISTRATIONS" envDefault:"20/1h"`
	PasswordResetRate ratelimit.Rate `env:"RATE_LIMIT_PASSWORD_RESETS" envDefault:"20/1h"`

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
	if c.RefreshTTL < time.Hour || c.RefreshTTL > 366*24*time.Hour {
		return fmt.Errorf("AUTH_REFRESH_TTL: %s is outside 1h..8784h (a year)", c.RefreshTTL)
	}
	if c.HashConcurrency < 0 || c.HashConcurrency > 256 {
		return fmt.Errorf("AUTH_HASH_CONCURRENCY: %d is outside 0..256 (0: GOMAXPROCS)", c.HashConcurrency)
	}
	if c.HashQueue < 0 || c.HashQueue > 10000 {
		return fmt.Errorf("AUTH_HASH_QUEUE: %d is outside 0..10000", c.HashQueue)
	}
	if (c.BootstrapAdminEmail == "") != (c.BootstrapAdminPassword == "") {
		return fmt.Errorf("BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD: set both or neither")
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
