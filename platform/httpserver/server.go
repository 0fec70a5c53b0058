// Package httpserver assembles the HTTP edge: the echo router serving every route behind the
// middleware chain in its one order, with problem.Write as the error handler, and the
// net/http server whose timeouts bound slow clients.
package httpserver

import (
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/health"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/logging"
	"github.com/modmono/platform/middleware"
	"github.com/modmono/platform/problem"
)

// DefaultBodyLimit is the contract's 1 MiB cap on request bodies.
const DefaultBodyLimit = 1 << 20

// Config is the HTTP edge's configuration; zero values take safe defaults.
type Config struct {
	Addr                                                      string
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	BodyLimit                                                 int64 // default 1 MiB
	// TrustedProxies are the peers whose X-Forwarded-For / X-Real-IP is believed.
	TrustedProxies []netip.Prefix
	// StatementCountHeader adds X-SQL-Statements: <count> to every response (tests, benchmarks).
	StatementCountHeader bool
	// InstanceName, when set, is sent as X-Served-By on every response.
	InstanceName string
}

func (c Config) withDefaults() Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if c.Addr == "" {
		c.Addr = ":8080"
	}
	def(&c.ReadHeaderTimeout, 5*time.Second)
	def(&c.ReadTimeout, 30*time.Second)
	def(&c.WriteTimeout, 30*time.Second)
	def(&c.IdleTimeout, 120*time.Second)
	if c.BodyLimit <= 0 {
		c.BodyLimit = DefaultBodyLimit
	}
	return c
}

// Deps are the server's collaborators. Verifier is required as soon as one route is not
// Public; Metrics may be nil (no metrics).
type Deps struct {
	Logger   *slog.Logger
	Verifier *authn.Verifier
	Metrics  prometheus.Registerer
	// TracerProvider makes the request spans; nil means otel's global provider.
	TracerProvider trace.TracerProvider
	// Drain, once started, makes every response close its connection; nil never drains.
	Drain *health.Drain
}

// NewRouter builds the echo instance serving routes behind the middleware chain, in this order:
// instance (X-Served-By, Connection: close while draining), request id, trace, access log (which renders errors, so it sees final statuses), metrics,
// panic recovery, SQL statement counter, body limit, content type, access check. The counter
// and metrics sit before the body and content-type checks so that the 413 and 415 answers are
// counted and carry X-SQL-Statements too.
func NewRouter(cfg Config, deps Deps, routes []httpx.Route) (*echo.Echo, error) {
	cfg = cfg.withDefaults()
	logger := deps.Logger
	if logger == nil {
		logger = slog.Default()
	}
	if _, ok := logger.Handler().(logging.ContextHandler); !ok {
		// The access log relies on it for request_id and trace_id.
		logger = slog.New(logging.ContextHandler{Handler: logger.Handler()})
	}
	table, err := httpx.NewRouteTable(routes, deps.Verifier != nil)
	if err != nil {
		return nil, err
	}
	m, err := middleware.NewMetrics(deps.Metrics)
	if err != nil {
		return nil, err
	}

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = middleware.ClientIP(cfg.TrustedProxies)
	e.HTTPErrorHandler = func(err error, c echo.Context) { _ = problem.Write(c, err) }
	e.Use(
		middleware.Instance(cfg.InstanceName, deps.Drain),
		middleware.RequestID,
		middleware.Tracing(table, deps.TracerProvider),
		middleware.AccessLog(logger, table),
		m.Middleware(table),
		middleware.Recovery(logger),
		middleware.StatementCounter(cfg.StatementCountHeader, m, table),
		middleware.BodyLimit(cfg.BodyLimit),
		middleware.JSONOnly(table),
		middleware.AccessCheck(table, deps.Verifier),
	)
	for _, r := range routes {
		e.Add(r.Method, r.Path, r.Handler)
	}
	return e, nil
}

// New wraps h in a server whose timeouts bound slow clients (Slowloris and friends).
func New(cfg Config, h http.Handler) *http.Server {
	cfg = cfg.withDefaults()
	return &http.Server{
		Addr:              cfg.Addr,
		Handler:           h,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
	}
}
