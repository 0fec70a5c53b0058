package orders

import (
	pconfig "github.com/modmono/platform/config"
	"github.com/modmono/platform/ratelimit"
)

// config is the orders context's own configuration, read from the environment at start.
type config struct {
	// Database points orders at its own database and pool (ORDERS_DATABASE_URL, ORDERS_DB_POOL_MAX,
	// ORDERS_DB_POOL_WAIT); what is unset falls back to the shared variable.
	Database pconfig.Database `envPrefix:"ORDERS_"`
	// OrderRate is the per-client limit on placing orders (RATE_LIMITS=off turns it off).
	OrderRate ratelimit.Rate `env:"RATE_LIMIT_ORDERS" envDefault:"60/1h"`
}
