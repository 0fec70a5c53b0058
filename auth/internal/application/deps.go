package application

import (
	"errors"
	"fmt"
	"time"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
)

// Deps are the ports and settings the use cases are built from.
type Deps struct {
	UnitOfWork        UnitOfWork
	UserReadModel     UserReadModel
	ResetTokenFinder  PasswordResetTokenFinder
	PasswordHasher    PasswordHasher
	AccessTokenIssuer AccessTokenIssuer
	Mailer            Mailer
	MailComposer      MailComposer
	Clock             clock.Clock
	Bus               *bus.Bus
	Config            Config
	// Observer counts failed sign-ins and rate-limit refusals; nil counts nothing.
	Observer Observer
}

// Config holds the auth context's security settings.
type Config struct {
	// AccessTTL is the access tokens' lifetime; the module builds the AccessTokenIssuer with the
	// same value, and New holds it to the contract's 15-minute ceiling.
	AccessTTL time.Duration
	// RefreshTTL is a token family's absolute lifetime from its login; rotations inherit the
	// family's end and never extend it.
	RefreshTTL time.Duration
	// MaxFailedLogins attempts per email are allowed within LoginWindow; the next ones get 429.
	MaxFailedLogins int
	LoginWindow     time.Duration
	// MaxPasswordResets requests per email are allowed within PasswordResetWindow; the next
	// ones get 429, so nobody can flood a mailbox through us.
	MaxPasswordResets   int
	PasswordResetWindow time.Duration
	// PublicBaseURL is where the web front end lives; mailed links point under it.
	PublicBaseURL string
}

// DefaultConfig is the contract's: 15-minute access tokens, 30-day refresh tokens, 5 failed
// logins per email in 15 minutes; and as many reset requests per email, links to localhost.
func DefaultConfig() Config {
	return Config{
		AccessTTL:           15 * time.Minute,
		RefreshTTL:          domain.RefreshTokenTTL,
		MaxFailedLogins:     5,
		LoginWindow:         15 * time.Minute,
		MaxPasswordResets:   5,
		PasswordResetWindow: 15 * time.Minute,
		PublicBaseURL:       "http://localhost:8080",
	}
}

func (c Config) validate() error {
	var problems []error
	if c.AccessTTL <= 0 || c.AccessTTL > 15*time.Minute {
		problems = append(problems, fmt.Errorf("AccessTTL %s: want a positive duration of at most 15m, the contract's ceiling", c.AccessTTL))
	}
	if c.RefreshTTL <= 0 {
		problems = append(problems, fmt.Errorf("RefreshTTL %s: want a positive duration", c.RefreshTTL))
	}
	if c.MaxFailedLogins < 1 {
		problems = append(problems, fmt.Errorf("MaxFailedLogins %d: want at least 1", c.MaxFailedLogins))
	}
	if c.LoginWindow <= 0 {
		problems = append(problems, fmt.Errorf("LoginWindow %s: want a positive duration", c.LoginWindow))
	}
	if c.MaxPasswordResets < 1 {
		problems = append(problems, fmt.Errorf("MaxPasswordResets %d: want at least 1", c.MaxPasswordResets))
	}
	if c.PasswordResetWindow <= 0 {
		problems = append(problems, fmt.Errorf("PasswordResetWindow %s: want a positive duration", c.PasswordResetWindow))
	}
	if err := ValidatePublicBaseURL(c.PublicBaseURL); err != nil {
		problems = append(problems, fmt.Errorf("PublicBaseURL: %w", err))
	}
	return errors.Join(problems...)
}
