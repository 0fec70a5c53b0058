// Command gateway serves the whole API in one process: every context in process, on SQLite by
// default or PostgreSQL. `gateway migrate up|down|status` runs the migrations by hand.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"go.uber.org/fx"

	"github.com/modmono/auth"
	"github.com/modmono/platform"
	"github.com/modmono/platform/config"
)

// contexts are the modules this binary runs in process; adding a context is adding it here.
var contexts = []fx.Option{auth.Module}

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	base, err := config.Load[config.Base]()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gateway: configuration:", err)
		return 2
	}
	if len(args) > 0 && args[0] == "migrate" {
		return migrate(base, args[1:])
	}
	if len(args) > 0 {
		fmt.Fprintf(os.Stderr, "gateway: unknown command %q (usage: gateway [migrate up|down|status])\n", args[0])
		return 2
	}
	return serve(base)
}

func serve(base config.Base) int {
	app := fx.New(platform.Options(base, contexts...))
	if err := app.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "gateway:", err)
		return 1
	}
	startCtx, cancel := context.WithTimeout(context.Background(), app.StartTimeout())
	defer cancel()
	if err := app.Start(startCtx); err != nil {
		fmt.Fprintln(os.Stderr, "gateway: start:", err)
		return 1
	}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	<-signals
	stopCtx, cancelStop := context.WithTimeout(context.Background(), app.StopTimeout())
	defer cancelStop()
	if err := app.Stop(stopCtx); err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintln(os.Stderr, "gateway: stop:", err)
		return 1
	}
	return 0
}
