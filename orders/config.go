package orders

// config is the orders context's own configuration, read from the environment at start.
type config struct {
	// DatabaseURL points orders at its own database; empty means the shared DATABASE_URL.
	DatabaseURL string `env:"ORDERS_DATABASE_URL"`
}
