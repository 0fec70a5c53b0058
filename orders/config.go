package orders

import pconfig "github.com/modmono/platform/config"

// config is the orders context's own configuration, read from the environment at start.
type config struct {
	// Database points orders at its own database and pool (ORDERS_DATABASE_URL, ORDERS_DB_POOL_MAX,
	// ORDERS_DB_POOL_WAIT); what is unset falls back to the shared variable.
	Database pconfig.Database `envPrefix:"ORDERS_"`
}
