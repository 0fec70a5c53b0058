package auth

import (
	"fmt"
	"time"
)

// config is the auth context's own configuration, read from the environment at start.
type config struct {
	// DatabaseURL points auth at its own database; empty means the shared DATABASE_URL.
	DatabaseURL string `env:"AUTH_DATABASE_URL"`

	SigningKeyPEM  string        `env:"JWT_SIGNING_KEY"`
	SigningKeyFile string        `env:"JWT_SIGNING_KEY_FILE" envDefault:"./var/jwt-signing-key.pem"`
	VerifyKeysPEM  string        `env:"JWT_VERIFY_KEYS"`
	AccessTTL      time.Duration `env:"JWT_ACCESS_TTL" envDefault:"15m"`

	// HashConcurrency bounds argon2id hashes running at once (each holds its memory cost).
	HashConcurrency int `env:"AUTH_HASH_CONCURRENCY" envDefault:"4"`

	BootstrapAdminEmail    string `env:"BOOTSTRAP_ADMIN_EMAIL"`
	BootstrapAdminPassword string `env:"BOOTSTRAP_ADMIN_PASSWORD"`
}

func (c config) Validate() error {
	if c.AccessTTL <= 0 || c.AccessTTL > 15*time.Minute {
		return fmt.Errorf("JWT_ACCESS_TTL: %s is outside 1s..15m", c.AccessTTL)
	}
	if c.HashConcurrency < 1 || c.HashConcurrency > 256 {
		return fmt.Errorf("AUTH_HASH_CONCURRENCY: %d is outside 1..256", c.HashConcurrency)
	}
	if (c.BootstrapAdminEmail == "") != (c.BootstrapAdminPassword == "") {
		return fmt.Errorf("BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD: set both or neither")
	}
	if c.SigningKeyPEM == "" && c.SigningKeyFile == "" {
		return fmt.Errorf("JWT_SIGNING_KEY_FILE: empty, and no JWT_SIGNING_KEY either")
	}
	return nil
}
