package application_test

import (
	"strings"
	"testing"

	"github.com/modmono/orders/internal/application"
	"github.com/modmono/platform/clock"
)

func TestNewNamesEveryMissingDependency(t *testing.T) {
	t.Parallel()
	var nilClock *clock.Manual // a typed nil counts as missing too
	_, err := application.New(application.Deps{Clock: nilClock})
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"bus is nil", "UnitOfWork is nil", "Clock is nil", "ProductReadModel is nil", "OrderReadModel is nil"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
