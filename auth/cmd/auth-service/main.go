// Command auth-service serves the auth context alone (Stage 4): its routes, its JWK Set, and its
// own store from AUTH_DATABASE_URL or DATABASE_URL. Other services verify tokens with that JWK
// Set; only this one holds a signing key.
package main

import (
	"os"

	"go.uber.org/fx"

	"github.com/modmono/auth"
	"github.com/modmono/migrations"
	"github.com/modmono/platform/config"
	"github.com/modmono/platform/program"
)

func main() {
	os.Exit(program.Run(program.Program{
		Name:        "auth-service",
		Contexts:    []string{"auth"},
		Migrate:     migrations.Command,
		KeysContext: "auth",
		Modules: func(config.Base) ([]fx.Option, error) {
			return []fx.Option{auth.Module}, nil
		},
	}, os.Args[1:]))
}
