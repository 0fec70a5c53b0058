package middleware

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/problem"
)

// JSONOnly answers 415 to a request that carries a body in any media type but JSON (UTF-8), or
// an HTML form's on a route with FormBody. A body-less request (a POST to an action route, say)
// needs no Content-Type. Unknown routes are let through to their 404/405, which says more than
// a 415 would.
func JSONOnly(t httpx.RouteTable) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			route, ok := t.Lookup(c)
			if !ok || !hasBody(r) {
				return next(c)
			}
			ct := r.Header.Get(echo.HeaderContentType)
			if !isJSON(ct) && !(route.FormBody && isForm(ct)) {
				return problem.ErrUnsupportedMediaType
			}
			return next(c)
		}
	}
}

func isJSON(contentType string) bool {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != echo.MIMEApplicationJSON {
		return false
	}
	cs, ok := params["charset"]
	return !ok || strings.EqualFold(cs, "utf-8")
}

func isForm(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == echo.MIMEApplicationForm
}

// hasBody is sure for a known length; for a chunked body it reads one byte to find out, and
// puts it back.
func hasBody(r *http.Request) bool {
	switch {
	case r.ContentLength > 0:
		return true
	case r.ContentLength == 0 || r.Body == nil || r.Body == http.NoBody:
		return false
	}
	var b [1]byte
	n, _ := io.ReadFull(r.Body, b[:])
	if n == 0 {
		return false
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(b[:n]), r.Body), r.Body}
	return true
}
