package middleware

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/observability"
	"github.com/modmono/platform/problem"
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

// Middleware counts each request and times it, by method, route and final status.
func (m *Metrics) Middleware(t httpx.RouteTable) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		if !m.enabled() {
			return next
		}
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			method, route := methodLabel(c, t), t.Label(c)
			m.requests.WithLabelValues(method, route, strconv.Itoa(problem.ResponseStatus(c, err))).Inc()
			m.duration.WithLabelValues(method, route).Observe(time.Since(start).Seconds())
			return err
		}
	}
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
