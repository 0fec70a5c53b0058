package middleware

import (
	"context"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/httpx"
)

// Deadline gives every request a deadline, timeout after it arrived (or sooner when the caller
// sent a shorter httpx.HeaderTimeout), carried by the request's context to every database call
// and every call to another service. It does not cut the answer off: a handler past its
// deadline fails at its next call (a 503, see problem.Classify), and a transaction decides
// between commit and rollback explicitly (db.Engine.InTx), so that a 5xx never hides a write
// that committed. A timeout of 0 sets no deadline.
func Deadline(timeout time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		if timeout <= 0 {
			return next
		}
		return func(c echo.Context) error {
			d := timeout
			if asked, ok := httpx.TimeoutFrom(c.Request().Header); ok && asked < d {
				d = asked
			}
			ctx, cancel := context.WithTimeout(c.Request().Context(), d)
			defer cancel()
			c.SetRequest(c.Request().WithContext(ctx))
			return next(c)
		}
	}
}
