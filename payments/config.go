package payments

import (
	"errors"
	"time"

	pconfig "github.com/modmono/platform/config"
	"github.com/modmono/platform/ratelimit"
)

// config is the payments context's own configuration, read from the environment at start.
type config struct {
	// Database points payments at its own database and pool (PAYMENTS_DATABASE_URL, PAYMENTS_DB_POOL_MAX,
	// PAYMENTS_DB_POOL_WAIT); what is unset falls back to the shared variable.
	Database pconfig.Database `envPrefix:"PAYMENTS_"`
	// PaymentRate is the per-client limit on payment attempts (RATE_LIMITS=off turns it off).
	PaymentRate ratelimit.Rate `env:"RATE_LIMIT_PAYMENTS" envDefault:"60/1h"`

	// ChargeTimeout bounds one call to the card processor; keep it below HTTP_WRITE_TIMEOUT.
	ChargeTimeout time.Duration `env:"PAYMENTS_CHARGE_TIMEOUT" envDefault:"20s"`
	// RecoverAfter is how long a payment may stay processing before recovery completes it.
	RecoverAfter time.Duration `env:"PAYMENTS_RECOVER_AFTER" envDefault:"1m"`
	// RecoverInterval is how often recovery looks for such payments.
	RecoverInterval time.Duration `env:"PAYMENTS_RECOVER_INTERVAL" envDefault:"30s"`
}

func (c config) Validate() error {
	var problems []error
	if c.ChargeTimeout <= 0 || c.ChargeTimeout > 5*time.Minute {
		problems = append(problems, pconfig.Errorf("PAYMENTS_CHARGE_TIMEOUT", "%s is outside 1ns..5m", c.ChargeTimeout))
	}
	if c.RecoverAfter < c.ChargeTimeout {
		problems = append(problems, pconfig.Errorf("PAYMENTS_RECOVER_AFTER", "%s is shorter than PAYMENTS_CHARGE_TIMEOUT (%s): recovery would race live requests", c.RecoverAfter, c.ChargeTimeout))
	}
	if c.RecoverInterval <= 0 {
		problems = append(problems, pconfig.Errorf("PAYMENTS_RECOVER_INTERVAL", "%s is not positive", c.RecoverInterval))
	}
	return errors.Join(problems...)
}
