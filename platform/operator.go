package platform

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/fx"

	"github.com/modmono/platform/config"
	"github.com/modmono/platform/health"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/observability"
)

type operatorParams struct {
	fx.In
	Base     config.Base
	Registry *prometheus.Registry
	Drain    *health.Drain
	Checks   []health.Check `group:"readiness"`
}

// operatorRoutes are /healthz, /readyz and, unless METRICS_ADDR moves it to its own listener,
// /metrics: all public, as the operator contract says.
func operatorRoutes(p operatorParams) ([]httpx.Route, error) {
	routes, err := health.Routes(p.Checks, p.Drain)
	if err != nil {
		return nil, err
	}
	if p.Base.MetricsAddr == "" {
		routes = append(routes, metricsRoute(p.Registry))
	}
	return routes, nil
}

func metricsRoute(reg prometheus.Gatherer) httpx.Route {
	return httpx.Route{
		Method: http.MethodGet, Path: "/metrics", Access: httpx.Public,
		Handler: echo.WrapHandler(observability.MetricsHandler(reg)), MediaType: "text/plain; version=0.0.4; charset=utf-8",
		OperationID: "metrics", Summary: "Prometheus metrics in the text exposition format",
		Tags: []string{"operator"}, Status: http.StatusOK,
	}
}
