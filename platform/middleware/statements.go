package middleware

import (
	"context"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/reqctx"
	"github.com/modmono/platform/sqlcount"
)

// HeaderSQLStatements reports how many SQL round trips a request took, when enabled: the
// contract keeps every request well under ten, and tests assert it through this header.
const HeaderSQLStatements = "X-SQL-Statements"

// StatementCounter counts each request's SQL round trips (sqlcount), reports them in
// X-SQL-Statements when header is set, and observes them in m's histogram.
func StatementCounter(header bool, m *Metrics, t httpx.RouteTable) echo.MiddlewareFunc {
	var rs map[*httpx.Route]*routeSeries
	if m.enabled() {
		rs = m.routes(t) // out here: echo v4 may run the function below on every request (Use)
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			var counter *sqlcount.Counter
			c.SetRequest(reqctx.Derive(c.Request(), func(ctx context.Context) context.Context {
				ctx, counter = sqlcount.Start(ctx)
				return ctx
			}))
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
					m.observeStatements(c, t, rs, counter.Count())
				}()
			}
			return next(c)
		}
	}
}
