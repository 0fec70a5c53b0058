// Package program is what every main runs: the command line (serve, migrate, keys, healthcheck), the
// configuration, and the app's start and stop around the platform's fx wiring.
package program

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"go.uber.org/fx"

	"github.com/modmono/platform"
	"github.com/modmono/platform/config"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/keyring"
)

// Program is one binary: the gateway or a context's service. Every main is a Program and Run,
// so they parse commands, load configuration, start and stop the same way.
type Program struct {
	Name string // "gateway", "orders-service": for messages
	// Contexts are the contexts whose stores `migrate` acts on.
	Contexts []string
	// Migrate runs one migrate command on a context's store (migrations.Command).
	Migrate func(ctx context.Context, e *db.Engine, contextName, command string, w io.Writer) error
	// KeysContext is the context whose store keeps the keys that replicas share (auth, when it
	// runs in this process; empty when none does): `keys rotate|status` acts on it.
	KeysContext string
	// Modules are the contexts (and adapters) composed with the platform module. It is a
	// function of the configuration because which contexts run in process can depend on it.
	Modules func(base config.Base) ([]fx.Option, error)
}

const usage = "usage: %s [migrate up|down|status | keys rotate|status | healthcheck]"

// Run executes the command in args and returns the process exit status: 0 on success, 1 on a
// failure, 2 on bad usage or configuration.
func Run(p Program, args []string) int {
	base, err := config.Load[config.Base]()
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: configuration: %v\n", p.Name, err)
		if len(args) > 0 && args[0] == "healthcheck" {
			return 1 // container runtimes reserve 2 in health checks
		}
		return 2
	}
	if base.ServiceName == "" {
		base.ServiceName = p.Name
	}
	switch {
	case len(args) == 0:
		return p.serve(base)
	case args[0] == "migrate" && len(args) == 2:
		return p.migrate(base, args[1])
	case args[0] == "keys" && len(args) == 2:
		return p.keys(base, args[1])
	case args[0] == "healthcheck" && len(args) == 1:
		return healthcheck(base)
	}
	fmt.Fprintf(os.Stderr, usage+"\n", p.Name)
	return 2
}

// defaultGCPercent is the collector's target when GOGC is not set, in place of Go's 100: a
// server's live heap is small (about 10 MB for the gateway), so at 100 the gateway collected
// 18 times a second serving /healthz at full load; at 200, 9 times, for 7 % more requests a
// second (38.0 → 34.2 µs of CPU each) and 7 MB more resident memory; 200 sign-ins at once
// peaked at 178 MB instead of 155 MB (400 gained no more speed and peaked at 257 MB;
// 2026-12-05). GOMEMLIMIT still bounds the heap.
const defaultGCPercent = 200

func (p Program) serve(base config.Base) int {
	if os.Getenv("GOGC") == "" { // empty is Go's default too
		debug.SetGCPercent(defaultGCPercent)
	}
	modules, err := p.Modules(base)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: configuration: %v\n", p.Name, err)
		return 2
	}
	var server *platform.Server
	app := fx.New(platform.Options(base, modules...), fx.Populate(&server))
	startCtx, cancel := context.WithTimeout(context.Background(), app.StartTimeout())
	defer cancel()
	if err := app.Start(startCtx); err != nil {
		fmt.Fprintf(os.Stderr, "%s: start: %v\n", p.Name, err)
		return 1
	}
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	if sig := <-signals; sig == syscall.SIGTERM && base.ShutdownDrain > 0 {
		drain(server, base.ShutdownDrain, signals)
	}
	stopCtx, cancelStop := context.WithTimeout(context.Background(), app.StopTimeout())
	defer cancelStop()
	if err := app.Stop(stopCtx); err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(os.Stderr, "%s: stop: %v\n", p.Name, err)
		return 1
	}
	return 0
}

// drain keeps serving, with /readyz answering 503, for d (SHUTDOWN_DRAIN) after SIGTERM, so
// that load balancers see the 503 and stop sending requests before the server stops accepting
// them. SIGINT (Ctrl-C at a terminal, where nothing balances) skips it, and a second signal
// cuts it short.
func drain(server *platform.Server, d time.Duration, signals <-chan os.Signal) {
	server.Drain()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-signals:
	}
}

// migrate runs command on each context's store, found as the context's module finds it:
// <CONTEXT>_DATABASE_URL, else DATABASE_URL.
func (p Program) migrate(base config.Base, command string) int {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for _, name := range p.Contexts {
		if err := migrateOne(ctx, p, db.Config{URL: contextURL(base, name), Context: name}, command); err != nil {
			fmt.Fprintf(os.Stderr, "%s migrate %s: %s: %v\n", p.Name, command, name, err)
			return 1
		}
	}
	return 0
}

// keys rotates or lists the keys kept in the database by KeysContext's store.
func (p Program) keys(base config.Base, command string) int {
	if p.KeysContext == "" {
		fmt.Fprintf(os.Stderr, "%s keys %s: no context of this process keeps keys (auth runs elsewhere: run `auth-service keys %s` there)\n", p.Name, command, command)
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	engines, err := db.Open(ctx, db.Config{URL: contextURL(base, p.KeysContext), Context: p.KeysContext})
	if err == nil {
		defer engines.Close()
		err = keyring.Command(ctx, keyring.NewStore(engines, nil), command, keyring.PublishFor(base.KeysReloadInterval), os.Stdout)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s keys %s: %v\n", p.Name, command, err)
		return 1
	}
	return 0
}

// contextURL is where a context's store is, as the context's module finds it:
// <CONTEXT>_DATABASE_URL, else DATABASE_URL.
func contextURL(base config.Base, name string) string {
	if url := os.Getenv(strings.ToUpper(name) + "_DATABASE_URL"); url != "" {
		return url
	}
	return base.DatabaseURL
}

func migrateOne(ctx context.Context, p Program, cfg db.Config, command string) error {
	engines, err := db.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer engines.Close()
	return p.Migrate(ctx, engines.Write, cfg.Context, command, os.Stdout)
}

// healthcheck asks this process's own /healthz, for container health checks in images that
// have no shell or curl.
func healthcheck(base config.Base) int {
	_, port, err := net.SplitHostPort(base.HTTPAddr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "healthcheck: HTTP_ADDR %q: %v\n", base.HTTPAddr, err)
		return 2
	}
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get("http://" + net.JoinHostPort("127.0.0.1", port) + "/healthz")
	if err != nil {
		fmt.Fprintln(os.Stderr, "healthcheck:", err)
		return 1
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(os.Stderr, "healthcheck: status", resp.StatusCode)
		return 1
	}
	return 0
}
