package application_test

import (
	"strings"
	"testing"
	"time"

	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/infra/processor"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
)

func TestNewNamesEveryMissingDependency(t *testing.T) {
	t.Parallel()
	var nilProcessor *processor.Simulator // a typed nil counts as missing too
	_, err := application.New(application.Deps{CardProcessor: nilProcessor, Clock: clock.System{}, Bus: bus.New(), Config: application.DefaultConfig()})
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"UnitOfWork is nil", "Orders is nil", "CardProcessor is nil", "PaymentReadModel is nil"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestNewRejectsUnsafeSettings(t *testing.T) {
	t.Parallel()
	cfg := application.DefaultConfig()
	cfg.ChargeTimeout = 0
	cfg.RecoverAfter = -time.Second
	_, err := application.New(application.Deps{Config: cfg})
	for _, want := range []string{"ChargeTimeout", "RecoverAfter", "bus is nil"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not mention %s", err, want)
		}
	}
}
