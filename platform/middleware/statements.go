package middleware

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/sqlcount"
)

// HeaderSQLStatements reports how many SQL round trips a request took, when enabled: the
// contract keeps every request well under ten, and tests assert it through this header.
const HeaderSQLStatements = "X-SQL-Statements"

// StatementCounter counts each request's SQL round trips (sqlcount), reports them in
// X-SQL-Statements when header is set, and observes them in m's histogram.
func StatementCounter(header bool, m *Metrics, t httpx.RouteTable) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			ctx, counter := sqlcount.Start(r.Context())
			c.SetRequest(r.WithContext(ctx))
			if header {
				// A Before hook runs however and wherever the response gets written, errors
				// and panics included.
				res := c.Response()
				res.Before(func() {
					res.Header().Set(HeaderSQLStatements, strconv.FormatInt(counter.Count(), 10))
				})
			}
			if m.enabled() {
				defer func() {
					m.statements.WithLabelValues(methodLabel(c, t), t.Label(c)).Observe(float64(counter.Count()))
				}()
			}
			return next(c)
		}
	}
}
