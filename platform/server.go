package platform

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/fx"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/cache"
	"github.com/modmono/platform/config"
	"github.com/modmono/platform/health"
	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/observability"
	"github.com/modmono/platform/readafter"
)

// Server is the running HTTP API (and the metrics listener when METRICS_ADDR is set). Its
// addresses are known once the app has started; tests and logs use them with port 0.
type Server struct {
	api, metrics *listener
	router       *echo.Echo
	drain        *health.Drain
	logger       *slog.Logger
}

// Drain starts the shutdown drain: /readyz answers 503, so load balancers stop sending new
// requests, and every response closes its connection, while everything is served as usual
// until the app stops. The process's main calls it on SIGTERM and waits SHUTDOWN_DRAIN before
// stopping the app.
func (s *Server) Drain() {
	s.drain.Start()
	s.logger.Info("draining: /readyz answers 503 until the server stops")
}

// Addr is the API's bound address, nil before start.
func (s *Server) Addr() net.Addr { return s.api.Addr() }

// MetricsAddr is the metrics listener's bound address; nil before start or when /metrics is
// served on the API port.
func (s *Server) MetricsAddr() net.Addr {
	if s.metrics == nil {
		return nil
	}
	return s.metrics.Addr()
}

type serverParams struct {
	fx.In
	Base       config.Base
	Logger     *slog.Logger
	Verifier   *authn.Verifier
	Registry   *prometheus.Registry
	Drain      *health.Drain
	Cache      *cache.Cache  // nil without CACHE_URL
	Replicas   *ReplicaReads // whether any store reads from replicas
	Routes     []httpx.Route `group:"routes"`
	Lifecycle  fx.Lifecycle
	Shutdowner fx.Shutdowner
	// Tracing must be installed before the first request: the middleware reads otel's global
	// propagator to honour traceparent.
	Tracing trace.TracerProvider
}

func newServer(p serverParams) (*Server, error) {
	cfg := serverConfig(p.Base)
	routes, err := withDocs(p.Logger, p.Routes)
	if err != nil {
		return nil, err
	}
	deps := httpserver.Deps{Logger: p.Logger, Verifier: p.Verifier, Metrics: p.Registry, Drain: p.Drain,
		TracerProvider: p.Tracing}
	// Read-your-writes tracking only where some store reads from replicas: elsewhere every read
	// is on the primary and a session per request would be work for nothing.
	if p.Replicas.used.Load() {
		var positions readafter.Redis // an interface holding a nil *cache.Cache would not be nil
		if p.Cache != nil {
			positions = p.Cache
		}
		tracker, err := readafter.New(readafter.Config{Key: p.Base.ReadAfterKey, Redis: positions,
			MaxLag: p.Base.DatabaseReadMaxLag, Verifier: p.Verifier, Logger: p.Logger})
		if err != nil {
			return nil, err
		}
		deps.ReadAfter = tracker.Middleware
	}
	e, err := httpserver.NewRouter(cfg, deps, routes)
	if err != nil {
		return nil, err
	}
	s := &Server{api: newListener("api", httpserver.New(cfg, e), p), router: e, drain: p.Drain, logger: p.Logger}
	p.Lifecycle.Append(fx.Hook{OnStart: s.api.start, OnStop: s.api.stop})
	if p.Base.MetricsAddr != "" {
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", observability.MetricsHandler(p.Registry))
		// Profiles only on the private listener: they reveal code paths and cost CPU to take.
		mux.HandleFunc("GET /debug/pprof/", pprof.Index)
		mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
		mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
		srv := &http.Server{Addr: p.Base.MetricsAddr, Handler: mux, ReadHeaderTimeout: cfg.ReadHeaderTimeout}
		s.metrics = newListener("metrics", srv, p)
		p.Lifecycle.Append(fx.Hook{OnStart: s.metrics.start, OnStop: s.metrics.stop})
	}
	return s, nil
}

// serverConfig is the HTTP server's share of the configuration; it is read here, where the
// server is built, so that config knows nothing of HTTP.
func serverConfig(b config.Base) httpserver.Config {
	return httpserver.Config{
		Addr:                 b.HTTPAddr,
		ReadHeaderTimeout:    b.ReadHeaderTimeout,
		ReadTimeout:          b.ReadTimeout,
		WriteTimeout:         b.WriteTimeout,
		IdleTimeout:          b.IdleTimeout,
		RequestTimeout:       b.RequestTimeout,
		BodyLimit:            httpserver.DefaultBodyLimit,
		TrustedProxies:       b.TrustedProxies,
		HSTS:                 b.HSTS,
		StatementCountHeader: b.StatementHeader,
		InstanceName:         b.InstanceName,
	}
}

// listener runs one *http.Server for the lifetime of the app.
type listener struct {
	name       string
	srv        *http.Server
	grace      time.Duration
	logger     *slog.Logger
	shutdowner fx.Shutdowner

	mu   sync.Mutex
	addr net.Addr
}

func newListener(name string, srv *http.Server, p serverParams) *listener {
	return &listener{name: name, srv: srv, grace: p.Base.ShutdownGrace, logger: p.Logger, shutdowner: p.Shutdowner}
}

func (l *listener) Addr() net.Addr {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.addr
}

// start binds synchronously, so a taken port fails the app's start, then serves in the
// background, since lifecycle hooks must not block.
func (l *listener) start(ctx context.Context) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", l.srv.Addr)
	if err != nil {
		return err
	}
	l.mu.Lock()
	l.addr = ln.Addr()
	l.mu.Unlock()
	l.logger.Info("listening", slog.String("server", l.name), slog.String("addr", ln.Addr().String()))
	go func() {
		if err := l.srv.Serve(httpserver.ProblemListener(httpserver.CoarseDeadlines(ln, httpserver.DeadlineTick))); !errors.Is(err, http.ErrServerClosed) {
			l.logger.Error("server stopped serving", slog.String("server", l.name), slog.Any("error", err))
			_ = l.shutdowner.Shutdown(fx.ExitCode(1))
		}
	}()
	return nil
}

// stop stops accepting and lets in-flight requests finish for up to the grace period, then cuts
// the rest: shutdown still succeeds, so the process exits 0 as the contract asks.
func (l *listener) stop(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, l.grace)
	defer cancel()
	if err := l.srv.Shutdown(ctx); err != nil {
		l.logger.Warn("grace period over, closing remaining connections",
			slog.String("server", l.name), slog.Any("error", err))
		_ = l.srv.Close()
	}
	return nil
}
