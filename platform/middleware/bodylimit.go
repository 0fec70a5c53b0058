package middleware

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/problem"
)

// BodyLimit refuses a declared oversize body at once, and caps every body while it is read,
// so a chunked upload without Content-Length cannot get past the limit either; httpx.Bind turns
// the reader's *http.MaxBytesError into 413 PAYLOAD_TOO_LARGE.
func BodyLimit(limit int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			if r.ContentLength > limit {
				return problem.ErrPayloadTooLarge
			}
			if r.Body != nil && r.Body != http.NoBody {
				// The unwrapped writer lets net/http close the connection instead of draining
				// the rest of an oversize body.
				r.Body = http.MaxBytesReader(c.Response().Writer, r.Body, limit)
			}
			return next(c)
		}
	}
}
