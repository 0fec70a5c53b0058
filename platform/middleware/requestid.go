package middleware

import (
	"net/textproto"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/reqctx"
)

// RequestID keeps a well-formed caller id, so a client or proxy can follow its own request
// through our logs, and replaces anything else: ids land in logs and headers, so they must be
// short and inert.
func RequestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r, start := c.Request(), time.Now()
		var id string
		if v := r.Header[requestIDKey]; len(v) > 0 {
			id = v[0]
		}
		if !validRequestID(id) {
			id = ids.NewRequestIDAt(start)
		}
		c.Response().Header()[requestIDKey] = []string{id}
		c.SetRequest(reqctx.Begin(r, id, start)) // the request's one context: the others derive it in place
		return next(c)
	}
}

// requestIDKey is httpx.HeaderRequestID as header maps store it. Header.Get and Set would
// canonicalise "X-Request-ID" into a new string twice per request (two of its allocations).
var requestIDKey = textproto.CanonicalMIMEHeaderKey(httpx.HeaderRequestID)

// validRequestID: 1..128 characters of [A-Za-z0-9._-].
func validRequestID(s string) bool {
	if len(s) < 1 || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
