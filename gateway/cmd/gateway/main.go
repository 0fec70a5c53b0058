// Command gateway serves the whole API in one process: every context in process, on SQLite by
// default or PostgreSQL. A context whose <CONTEXT>_URL is set (AUTH_URL, …) runs as a service of
// its own instead, and the gateway forwards its routes there; any mix works.
// `gateway migrate up|down|status` runs the in-process contexts' migrations by hand;
// `gateway keys rotate|status` rotates or lists the keys kept in auth's database;
// `gateway healthcheck` asks the running process's /healthz (for container health checks).
package main

import (
	"fmt"
	"os"
	"slices"

	"go.uber.org/fx"

	"github.com/modmono/admin"
	"github.com/modmono/auth"
	"github.com/modmono/migrations"
	"github.com/modmono/orders"
	"github.com/modmono/payments"
	"github.com/modmono/platform/config"
	"github.com/modmono/platform/program"
)

// boundedContext is one context as the gateway can run it: in process, or forwarded.
type boundedContext struct {
	name   string
	local  fx.Option
	remote func(baseURL string) fx.Option
	url    func(gatewayConfig) string
}

var contexts = []boundedContext{
	{name: "auth", local: auth.Module, remote: auth.Remote, url: func(c gatewayConfig) string { return c.AuthURL }},
	{name: "orders", local: orders.Module, remote: orders.Remote, url: func(c gatewayConfig) string { return c.OrdersURL }},
	{name: "payments", local: payments.Module, remote: payments.Remote, url: func(c gatewayConfig) string { return c.PaymentsURL }},
}

func main() {
	cfg, err := config.Load[gatewayConfig]()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gateway: configuration:", err)
		os.Exit(2)
	}
	var local []string
	var modules []fx.Option
	for _, c := range contexts {
		if url := c.url(cfg); url != "" {
			modules = append(modules, c.remote(url))
			continue
		}
		local = append(local, c.name)
		modules = append(modules, c.local)
	}
	modules = append(modules, admin.Module) // the panel calls the API through this process's own listener
	keys := ""                              // auth keeps the keys replicas share, when it runs here
	if slices.Contains(local, "auth") {
		keys = "auth"
	}
	os.Exit(program.Run(program.Program{
		Name:        "gateway",
		Contexts:    local,
		Migrate:     migrations.Command,
		KeysContext: keys,
		Modules:     func(config.Base) ([]fx.Option, error) { return modules, nil },
	}, os.Args[1:]))
}
