// Package platform wires the shared kernel into one fx module: configuration, logging, metrics,
// tracing, the command/query bus, token verification, the operator endpoints and the HTTP server
// that serves every context's routes.
package platform

import (
	"log/slog"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/fx"
	"go.uber.org/fx/fxevent"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/config"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/health"
	"github.com/modmono/platform/logging"
	"github.com/modmono/platform/observability"
)

// Value groups through which contexts hand their parts to the platform.
const (
	// RoutesGroup collects []httpx.Route from every context (provide with AsRoutes).
	RoutesGroup = "routes"
	// ReadinessGroup collects one health.Check per dependency (provide with AsReadinessCheck).
	ReadinessGroup = "readiness"
)

// AsRoutes annotates a constructor returning []httpx.Route (and optionally an error) so that
// its routes reach the server.
func AsRoutes(constructor any) any {
	return fx.Annotate(constructor, fx.ResultTags(`group:"`+RoutesGroup+`,flatten"`))
}

// AsReadinessCheck annotates a constructor returning one health.Check (and optionally an error)
// so that /readyz pings it.
func AsReadinessCheck(constructor any) any {
	return fx.Annotate(constructor, fx.ResultTags(`group:"`+ReadinessGroup+`"`))
}

// stopMargin is the time left to the other stop hooks (outbox flush, pool close) after the HTTP
// server has used up its grace period.
const stopMargin = 10 * time.Second

// Options is what a main passes to fx.New: fx's own events at debug level, a stop timeout that
// covers SHUTDOWN_GRACE, the contexts, and the module. The contexts come first so that their
// start hooks (migrations, the bootstrap admin, relays) run before the server's, which fx
// appends when the module's invoke builds it: the API accepts requests only once everything
// behind it has started, and stops accepting before any of it stops.
func Options(base config.Base, contexts ...fx.Option) fx.Option {
	return fx.Options(FxLogger(), fx.StopTimeout(base.ShutdownGrace+stopMargin), fx.Options(contexts...), Module(base))
}

// Module provides the shared kernel around a configuration that main has already loaded (with
// config.Load, exiting with status 2 on error): loading it here instead would read the process
// environment inside the graph, which parallel tests cannot control. A context that needs more
// variables loads its own config type; Base is in the graph for it to read.
//
// The module needs an authn.KeySource from elsewhere: in the monolith the auth context provides
// it, in an extracted service a client of the auth service's JWK Set.
func Module(base config.Base) fx.Option {
	if err := base.Validate(); err != nil {
		return fx.Error(err)
	}
	return fx.Module("platform",
		fx.Supply(base),
		fx.Provide(
			newLogger,
			observability.NewRegistry,
			func(r *prometheus.Registry) prometheus.Registerer { return r },
			func() clock.Clock { return clock.System{} },
			newTracerProvider,
			newBus,
			newCache,
			func() *ReplicaReads { return &ReplicaReads{} },
			newVerifier,
			health.NewDrain,
			AsRoutes(operatorRoutes),
			newServer,
		),
		messaging,
		// The server is the root of the graph: nothing else would ask for it.
		fx.Invoke(func(*Server) {}),
	)
}

// FxLogger routes fx's own events through the application logger at debug level, so a normal
// start is quiet and a failed one still logs its error.
func FxLogger() fx.Option {
	return fx.WithLogger(func(l *slog.Logger) fxevent.Logger {
		fl := &fxevent.SlogLogger{Logger: l}
		fl.UseLogLevel(slog.LevelDebug)
		return fl
	})
}

// newLogger writes through a buffer (LOG_FLUSH_INTERVAL) that the app's last stop hook
// flushes: the logger is the first thing built, so its hook is appended first and runs last,
// after every other stop hook has logged.
func newLogger(lc fx.Lifecycle, base config.Base) *slog.Logger {
	logger, buf := logging.NewBuffered(base.LogFormat, base.LogLevel, os.Stdout, base.LogFlushInterval)
	lc.Append(fx.StopHook(buf.Close))
	return logger
}

// newTracerProvider installs the SDK provider (exporting when OTEL_EXPORTER_OTLP_ENDPOINT is
// set) and flushes it when the app stops, after the server and the relays it was appended before.
func newTracerProvider(lc fx.Lifecycle, base config.Base, logger *slog.Logger) (trace.TracerProvider, error) {
	tp, shutdown, err := observability.SetupTracing(observability.TracingConfig{
		ServiceName:  base.ServiceName,
		OTLPEndpoint: base.OTLPEndpoint,
		SampleRatio:  base.TraceSampleRatio,
	}, logger)
	if err != nil {
		return nil, err
	}
	lc.Append(fx.StopHook(shutdown))
	return tp, nil
}

// newBus applies the decorators in this order, outermost first: one span per call, metrics and
// one log line for the call as a whole, and retries innermost so they stay one call to the rest.
func newBus(tp trace.TracerProvider, reg prometheus.Registerer, logger *slog.Logger) (*bus.Bus, error) {
	metrics, err := bus.Metrics(reg)
	if err != nil {
		return nil, err
	}
	return bus.New(bus.Tracing(tp), metrics, bus.Logging(logger), bus.RetryOn(db.IsRetryable, 3)), nil
}

func newVerifier(keys authn.KeySource, base config.Base, clk clock.Clock) *authn.Verifier {
	return authn.NewVerifier(keys, authn.VerifierConfig{
		Issuer: base.JWTIssuer, Audience: base.JWTAudience, Leeway: authn.MaxLeeway,
	}, clk)
}
