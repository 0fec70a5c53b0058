package httpx

import (
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/problem"
	"github.com/modmono/platform/strictjson"
)

// Bind decodes the JSON request body into dst (a pointer to the route's request type)
// strictly: see strictjson.Decode. Errors are contract errors ready to return from a handler.
func Bind(c echo.Context, dst any) error {
	body := c.Request().Body
	if body == nil {
		return strictjson.Decode(nil, dst)
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return problem.ErrPayloadTooLarge
		}
		return errs.Malformed("the request body could not be read").WithCause(err)
	}
	return strictjson.Decode(raw, dst)
}
