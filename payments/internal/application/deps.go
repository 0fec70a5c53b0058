package application

import (
	"errors"
	"fmt"
	"time"

	orders "github.com/modmono/orders/contract"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
)

// Deps are the ports and settings the use cases are built from.
type Deps struct {
	UnitOfWork       UnitOfWork
	PaymentReadModel PaymentReadModel
	// Orders answers what an order costs and whether it awaits payment; the orders context
	// provides it, in process or over HTTP.
	Orders        orders.Orders
	CardProcessor CardProcessor
	Clock         clock.Clock
	Bus           *bus.Bus
	Config        Config
}

// Config holds the payments context's timing settings.
type Config struct {
	// ChargeTimeout bounds one call to the card processor. Keep it below the HTTP write timeout
	// and the idempotency lease, so a retry never overtakes a charge still in flight.
	ChargeTimeout time.Duration
	// RecoverAfter is how long a payment may stay processing before RecoverPayments completes
	// it; long enough that the request which created it has given up.
	RecoverAfter time.Duration
}

// DefaultConfig charges within 20 s (the HTTP write timeout is 30 s, the idempotency lease
// 60 s) and recovers payments left processing for a minute.
func DefaultConfig() Config {
	return Config{ChargeTimeout: 20 * time.Second, RecoverAfter: time.Minute}
}

func (c Config) validate() error {
	var problems []error
	if c.ChargeTimeout <= 0 {
		problems = append(problems, fmt.Errorf("ChargeTimeout %s: want a positive duration", c.ChargeTimeout))
	}
	if c.RecoverAfter < c.ChargeTimeout {
		problems = append(problems, fmt.Errorf("RecoverAfter %s: want at least ChargeTimeout (%s), so recovery leaves live requests alone", c.RecoverAfter, c.ChargeTimeout))
	}
	return errors.Join(problems...)
}
