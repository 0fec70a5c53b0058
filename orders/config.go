package orders

import "github.com/modmono/platform/ratelimit"

// config is the orders context's own configuration, read from the environment at start.
type config struct {
	// DatabaseURL points orders at its own database; empty means the shared DATABASE_URL.
	DatabaseURL string `env:"ORDERS_DATABASE_URL"`
	// OrderRate is the per-client limit on placing orders (RATE_LIMITS=off turns it off).
	OrderRate ratelimit.Rate `env:"RATE_LIMIT_ORDERS" envDefault:"60/1h"`
}
