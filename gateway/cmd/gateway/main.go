// Command gateway serves the whole API in one process: every context in process, on SQLite by
// default or PostgreSQL. `gateway migrate up|down|status` runs the migrations by hand;
// `gateway healthcheck` asks the running process's /healthz (for container health checks).
package main

import (
	"os"

	"go.uber.org/fx"

	"github.com/modmono/auth"
	"github.com/modmono/migrations"
	"github.com/modmono/platform"
	"github.com/modmono/platform/config"
)

func main() {
	os.Exit(platform.Run(platform.Program{
		Name:     "gateway",
		Contexts: []string{"auth"},
		Migrate:  migrations.Command,
		Modules: func(config.Base) ([]fx.Option, error) {
			return []fx.Option{auth.Module}, nil
		},
	}, os.Args[1:]))
}
