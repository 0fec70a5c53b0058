package application_test

import (
	"strings"
	"testing"
	"time"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/infra/passwords"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
)

func TestNewNamesEveryMissingDependency(t *testing.T) {
	t.Parallel()
	var nilHasher *passwords.Argon2 // a typed nil counts as missing too
	_, err := application.New(application.Deps{PasswordHasher: nilHasher, Clock: clock.System{}, Bus: bus.New(), Config: application.DefaultConfig()})
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"UnitOfWork is nil", "PasswordHasher is nil", "AccessTokenIssuer is nil", "UserReadModel is nil", "Mailer is nil", "MailComposer is nil", "PasswordResetTokenFinder is nil"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestNewRejectsUnsafeSettings(t *testing.T) {
	t.Parallel()
	cfg := application.DefaultConfig()
	cfg.AccessTTL = 16 * time.Minute
	cfg.MaxFailedLogins = 0
	_, err := application.New(application.Deps{Config: cfg})
	for _, want := range []string{"AccessTTL", "MaxFailedLogins", "bus is nil"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not mention %s", err, want)
		}
	}
}
