package middleware

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/logging"
	"github.com/modmono/platform/problem"
	"github.com/modmono/platform/reqctx"
)

// AccessLog writes one JSON line per request. It renders a returned error itself (rather than
// leaving it to echo afterwards) so that the line has the final status and the internal cause
// of a 5xx sits next to the request id. Never headers, tokens or bodies. With NewBuffered's
// logger, a line is written by logging.Fast, byte for byte as slog would.
func AccessLog(logger *slog.Logger, t httpx.RouteTable) echo.MiddlewareFunc {
	fast := logging.FastFor(logger)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			r, res := c.Request(), c.Response()
			level := slog.LevelInfo
			if res.Status >= http.StatusInternalServerError {
				level = slog.LevelError
			}
			end := time.Now()
			durationMS := float64(end.Sub(reqctx.Start(r.Context())).Microseconds()) / 1000
			p, authenticated := authn.FromContext(r.Context())
			if fast != nil {
				// Without slog's machinery; a value it cannot write as slog would (an error
				// message with spaces, say) sends the line the slow way below.
				if !fast.Enabled(level) {
					return nil
				}
				l := fast.StartAt(end, level, "http request")
				l.String("method", r.Method)
				l.String("route", t.Label(c))
				l.String("path", r.URL.Path)
				l.Int("status", int64(res.Status))
				l.Float("duration_ms", durationMS)
				l.Int("bytes", res.Size)
				l.String("client_ip", c.RealIP())
				if authenticated {
					l.String("user_id", p.UserID)
				}
				if err != nil {
					l.String("code", problem.Classify(err).Code)
					if level == slog.LevelError {
						l.String("error", err.Error())
					}
				}
				if fast.Write(r.Context(), l) {
					return nil
				}
			}
			attrs := []slog.Attr{
				slog.String("method", r.Method),
				slog.String("route", t.Label(c)),
				slog.String("path", r.URL.Path),
				slog.Int("status", res.Status),
				slog.Float64("duration_ms", durationMS),
				slog.Int64("bytes", res.Size),
				slog.String("client_ip", c.RealIP()),
			}
			if authenticated {
				attrs = append(attrs, slog.String("user_id", p.UserID))
			}
			if err != nil {
				attrs = append(attrs, slog.String("code", problem.Classify(err).Code))
			}
			if level == slog.LevelError && err != nil {
				attrs = append(attrs, slog.String("error", err.Error()))
			}
			logger.LogAttrs(r.Context(), level, "http request", attrs...)
			return nil
		}
	}
}
