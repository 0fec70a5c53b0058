package middleware

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/observability"
	"github.com/modmono/platform/problem"
	"github.com/modmono/platform/reqctx"
)

// Metrics are the HTTP collectors: requests, latency and SQL round trips per route.
type Metrics struct {
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	statements *prometheus.HistogramVec
}

// NewMetrics registers the HTTP collectors; a nil registerer means no metrics. Collectors
// already registered (a second server on the same registry) are reused.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	if reg == nil {
		return &Metrics{}, nil
	}
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total", Help: "HTTP requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "http_request_duration_seconds", Help: "HTTP request latency by method and route.",
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "route"}),
		statements: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "http_request_sql_statements", Help: "SQL round trips per HTTP request.",
			Buckets: []float64{0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 25},
		}, []string{"method", "route"}),
	}
	var err error
	m.requests, err = observability.Register(reg, m.requests)
	if err == nil {
		m.duration, err = observability.Register(reg, m.duration)
	}
	if err == nil {
		m.statements, err = observability.Register(reg, m.statements)
	}
	return m, err
}

func (m *Metrics) enabled() bool { return m.requests != nil }

// Middleware counts each request and times it, by method, route and final status. Each route's
// series are resolved once, here and on a route's first answer with a given status, rather than
// by hashing label values on every request.
func (m *Metrics) Middleware(t httpx.RouteTable) echo.MiddlewareFunc {
	var rs map[*httpx.Route]*routeSeries
	if m.enabled() {
		rs = m.routes(t) // out here: echo v4 may run the function below on every request (Use)
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		if !m.enabled() {
			return next
		}
		return func(c echo.Context) error {
			start := reqctx.Start(c.Request().Context())
			err := next(c)
			status := problem.ResponseStatus(c, err)
			if route, ok := t.Lookup(c); ok {
				s := rs[route].resolved()
				s.requests(m, status).Inc()
				s.duration.Observe(time.Since(start).Seconds())
				return err
			}
			method := methodLabel(c, t)
			m.requests.WithLabelValues(method, unmatched, strconv.Itoa(status)).Inc()
			m.duration.WithLabelValues(method, unmatched).Observe(time.Since(start).Seconds())
			return err
		}
	}
}

const unmatched = "unmatched" // httpx.RouteTable.Label of a request no route matched

// routeSeries are one route's series, resolved on its first request (not ahead: a route never
// called shows no series, as before).
type routeSeries struct {
	m            *Metrics
	method, path string
	once         sync.Once
	duration     prometheus.Observer
	statements   prometheus.Observer
	byStatus     sync.Map // int -> prometheus.Counter
}

func (s *routeSeries) resolved() *routeSeries {
	s.once.Do(func() {
		s.duration = s.m.duration.WithLabelValues(s.method, s.path)
		s.statements = s.m.statements.WithLabelValues(s.method, s.path)
	})
	return s
}

func (s *routeSeries) requests(m *Metrics, status int) prometheus.Counter {
	if c, ok := s.byStatus.Load(status); ok {
		return c.(prometheus.Counter)
	}
	c := m.requests.WithLabelValues(s.method, s.path, strconv.Itoa(status))
	s.byStatus.Store(status, c)
	return c
}

// routes are every route's series, once per middleware (the vectors hand out the same series
// for the same labels, so both middlewares may resolve them).
func (m *Metrics) routes(t httpx.RouteTable) map[*httpx.Route]*routeSeries {
	rs := make(map[*httpx.Route]*routeSeries, len(t))
	for _, r := range t.Routes() {
		rs[r] = &routeSeries{m: m, method: r.Method, path: r.Path}
	}
	return rs
}

// observeStatements records a request's SQL round trips.
func (m *Metrics) observeStatements(c echo.Context, t httpx.RouteTable, rs map[*httpx.Route]*routeSeries, n int64) {
	if route, ok := t.Lookup(c); ok {
		rs[route].resolved().statements.Observe(float64(n))
		return
	}
	m.statements.WithLabelValues(methodLabel(c, t), unmatched).Observe(float64(n))
}

// methodLabel keeps label values bounded: an unmatched request may carry any method token.
func methodLabel(c echo.Context, t httpx.RouteTable) string {
	m := c.Request().Method
	if _, ok := t.Lookup(c); ok {
		return m
	}
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return "OTHER"
}
