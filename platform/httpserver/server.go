// Package httpserver assembles the HTTP edge: the echo router serving every route behind the
// middleware chain in its one order, with problem.Write as the error handler, and the
// net/http server whose timeouts bound slow clients.
package httpserver

import (
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
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

// DefaultRequestTimeout is the deadline of a request unless configured (REQUEST_TIMEOUT).
const DefaultRequestTimeout = 10 * time.Second

// Config is the HTTP edge's configuration; zero values take safe defaults.
type Config struct {
	Addr                                                      string
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	BodyLimit                                                 int64 // default 1 MiB
	// RequestTimeout is every request's deadline (middleware.Deadline); default 10 s. Keep it
	// below WriteTimeout by at least db.CommitTimeout, so a commit decided at the deadline can
	// still answer.
	RequestTimeout time.Duration
	// TrustedProxies are the peers whose X-Forwarded-For / X-Real-IP is believed.
	TrustedProxies []netip.Prefix
	// HSTS is middleware.HSTSAuto (the default), HSTSAlways or HSTSOff.
	HSTS string
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
	c.HSTS = strings.ToLower(c.HSTS)
	if c.HSTS == "" {
		c.HSTS = middleware.HSTSAuto
	}
	def(&c.RequestTimeout, DefaultRequestTimeout)
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
	// ReadAfter, when set, runs last (after the access check): it gives each request its
	// read-your-writes session (readafter.Tracker.Middleware).
	ReadAfter echo.MiddlewareFunc
	// Drain, once started, makes every response close its connection; nil never drains.
	Drain *health.Drain
}

// NewRouter builds the echo instance serving routes behind the middleware chain, in this order:
// instance (X-Served-By, Connection: close while draining), request id, security headers, trace,
// access log (which renders errors, so it sees final statuses), metrics, panic recovery, deadline,
// SQL statement counter, body limit, content type, access check. The counter
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
	chain := []echo.MiddlewareFunc{
		middleware.Instance(cfg.InstanceName, deps.Drain),
		middleware.RequestID,
		middleware.SecurityHeaders(table, cfg.TrustedProxies, cfg.HSTS),
		middleware.Tracing(table, deps.TracerProvider),
		middleware.AccessLog(logger, table),
		m.Middleware(table),
		middleware.Recovery(logger),
		middleware.Deadline(cfg.RequestTimeout),
		middleware.StatementCounter(cfg.StatementCountHeader, m, table),
		middleware.BodyLimit(cfg.BodyLimit),
		middleware.JSONOnly(table),
		middleware.AccessCheck(table, deps.Verifier),
	}
	if deps.ReadAfter != nil {
		chain = append(chain, deps.ReadAfter)
	}
	// Each route's handler is wrapped in the chain once, here: echo v4 would otherwise wrap the
	// matched handler in every middleware given to Use on every request (a closure each). The
	// answers no route gives (404, 405, OPTIONS) still pass through the chain, wrapped then.
	for _, r := range routes {
		e.Add(r.Method, r.Path, wrap(chain, r.Handler))
	}
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if _, ok := table.Lookup(c); ok {
				return next(c) // a route's handler, wrapped already
			}
			return wrap(chain, next)(c)
		}
	})
	return e, nil
}

// New wraps h in a server whose timeouts bound slow clients (Slowloris and friends), lets every
// GET route answer HEAD too (HeadAsGet), and dates responses from a once-a-second clock.
func New(cfg Config, h http.Handler) *http.Server {
	cfg = cfg.withDefaults()
	return &http.Server{
		Addr:              cfg.Addr,
		Handler:           withDate(HeadAsGet(h)),
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
	}
}

// wrap applies chain to h, the first middleware outermost (as echo's Use orders them).
func wrap(chain []echo.MiddlewareFunc, h echo.HandlerFunc) echo.HandlerFunc {
	for i := len(chain) - 1; i >= 0; i-- {
		h = chain[i](h)
	}
	return h
}

// HeadAsGet serves a HEAD request as a GET (RFC 9110 §9.3.2: HEAD wherever GET is): routing,
// access checks and the handler see a GET, and net/http, whose ResponseWriter still belongs to
// the original HEAD request, sends the headers (Content-Length included) and drops the body. No
// HEAD route exists, so the OpenAPI document lists only the GETs. (echo routes on the method of
// the request it was handed, so this must sit outside it.)
func HeadAsGet(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			get := r.WithContext(r.Context()) // a copy: net/http's own request must stay HEAD
			get.Method = http.MethodGet
			r = get
		}
		h.ServeHTTP(w, r)
	})
}
