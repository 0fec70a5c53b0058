package idempotency_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/idempotency"
)

// handlers are the test routes; they count their executions across every instance, and each
// run answers something new (its run number), so that a replay shows as identical bytes.
type handlers struct {
	mu   sync.Mutex
	runs map[string]*atomic.Int64
	// gate holds the first run of /gate until closed; entered tells it has started.
	gate, entered chan struct{}
}

func newHandlers() *handlers {
	return &handlers{runs: map[string]*atomic.Int64{}, gate: make(chan struct{}), entered: make(chan struct{})}
}

func (h *handlers) counter(route string) *atomic.Int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.runs[route] == nil {
		h.runs[route] = &atomic.Int64{}
	}
	return h.runs[route]
}

// count is how many times the route with this path ran.
func (h *handlers) count(route string) int64 { return h.counter(route).Load() }

// created answers 201 with a Location, the run number, the key and the body it read.
func created(c echo.Context, n int64) error {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return err
	}
	key, _ := idempotency.KeyFrom(c.Request().Context())
	c.Response().Header().Set(echo.HeaderLocation, fmt.Sprintf("/things/%d", n))
	return c.JSON(http.StatusCreated, map[string]any{"run": n, "key": key, "body": string(body)})
}

func (h *handlers) routes(s *idempotency.Store) []httpx.Route {
	required := idempotency.Middleware(s, idempotency.Required)
	route := func(path string, mode idempotency.Mode, fn func(c echo.Context, n int64) error) httpx.Route {
		mw := required
		if mode == idempotency.Optional {
			mw = idempotency.Middleware(s, idempotency.Optional)
		}
		return httpx.Route{Method: http.MethodPost, Path: path, Access: httpx.User,
			Handler: mw(func(c echo.Context) error { return fn(c, h.counter(path).Add(1)) })}
	}
	return []httpx.Route{
		route("/things", idempotency.Required, created),
		route("/things/:id", idempotency.Required, created),
		route("/optional", idempotency.Optional, created),
		route("/conflict", idempotency.Required, func(echo.Context, int64) error {
			return errs.Conflict("THING_TAKEN", "that thing is taken")
		}),
		route("/boom", idempotency.Required, func(echo.Context, int64) error {
			return errors.New("dial tcp 10.0.0.7:5432: connection refused")
		}),
		route("/panic", idempotency.Required, func(echo.Context, int64) error {
			panic("handler bug")
		}),
		route("/gate", idempotency.Required, func(c echo.Context, n int64) error {
			if n == 1 {
				close(h.entered)
				<-h.gate
			}
			return created(c, n)
		}),
	}
}
