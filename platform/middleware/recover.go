package middleware

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/errs"
)

// Recovery turns a panic into a 500 INTERNAL: the stack goes to the log, the client sees
// only "internal error".
func Recovery(logger *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) (err error) {
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if e, ok := v.(error); ok && errors.Is(e, http.ErrAbortHandler) {
					panic(v) // net/http's deliberate abort: let it close the connection
				}
				logger.LogAttrs(c.Request().Context(), slog.LevelError, "panic",
					slog.String("panic", fmt.Sprint(v)), slog.String("stack", string(debug.Stack())))
				err = errs.Internal(fmt.Errorf("panic: %v", v))
			}()
			return next(c)
		}
	}
}
