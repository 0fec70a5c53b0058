package middleware

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/problem"
)

// AccessLog writes one JSON line per request. It renders a returned error itself (rather than
// leaving it to echo afterwards) so that the line has the final status and the internal cause
// of a 5xx sits next to the request id. Never headers, tokens or bodies.
func AccessLog(logger *slog.Logger, t httpx.RouteTable) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			r, res := c.Request(), c.Response()
			attrs := []slog.Attr{
				slog.String("method", r.Method),
				slog.String("route", t.Label(c)),
				slog.String("path", r.URL.Path),
				slog.Int("status", res.Status),
				slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
				slog.Int64("bytes", res.Size),
				slog.String("client_ip", c.RealIP()),
			}
			if p, ok := authn.FromContext(r.Context()); ok {
				attrs = append(attrs, slog.String("user_id", p.UserID))
			}
			level := slog.LevelInfo
			if err != nil {
				attrs = append(attrs, slog.String("code", problem.Classify(err).Code))
			}
			if res.Status >= http.StatusInternalServerError {
				level = slog.LevelError
				if err != nil {
					attrs = append(attrs, slog.String("error", err.Error()))
				}
			}
			logger.LogAttrs(r.Context(), level, "http request", attrs...)
			return nil
		}
	}
}
