// Package health answers the liveness (/healthz) and readiness (/readyz) probes: liveness never
// touches a dependency, readiness pings every dependency at once under a deadline.
package health

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
)

// Check is one dependency readiness depends on. Ping must be cheap and honour ctx.
type Check struct {
	Name string
	Ping func(context.Context) error
}

// Timeout bounds every check: a probe that hangs is worse than one that fails.
const Timeout = 2 * time.Second

// RetryAfter is what a 503 from /readyz asks callers to wait.
const RetryAfter = 5 * time.Second

// Live is the body of /healthz.
type Live struct {
	Status string `json:"status"`
}

// Ready is the body of a successful /readyz: every check by name, each "ok".
type Ready struct {
	Status string            `json:"status"`
	Checks map[string]string `json:"checks"`
}

// Routes returns the public /healthz and /readyz routes; once drain has started, /readyz answers
// 503 without pinging anything (drain may be nil: never draining). Check names must be unique and every
// check must have a Ping: both are wiring mistakes better caught at start than in a probe.
func Routes(checks []Check, drain *Drain) ([]httpx.Route, error) {
	seen := make(map[string]bool, len(checks))
	for _, c := range checks {
		switch {
		case c.Name == "" || c.Ping == nil:
			return nil, fmt.Errorf("health: check %q needs a name and a Ping", c.Name)
		case seen[c.Name]:
			return nil, fmt.Errorf("health: two checks named %q", c.Name)
		}
		seen[c.Name] = true
	}
	return []httpx.Route{
		{
			Method: http.MethodGet, Path: "/healthz", Access: httpx.Public,
			Handler:     liveness,
			OperationID: "healthz", Summary: "Liveness: the process is up; no dependency is touched",
			Tags: []string{"operator"}, Response: Live{}, Status: http.StatusOK,
		},
		{
			Method: http.MethodGet, Path: "/readyz", Access: httpx.Public,
			Handler:     readyz(checks, drain),
			OperationID: "readyz", Summary: "Readiness: every dependency answers",
			Tags: []string{"operator"}, Response: Ready{}, Status: http.StatusOK,
		},
	}, nil
}

// liveBody is Live{Status: "ok"} as c.JSON would write it, encoded once: the probe is the
// most frequent request of all, and its answer never changes.
var liveBody = []byte(`{"status":"ok"}` + "\n")

// jsonType is liveBody's Content-Type, set as a made-once value so that JSONBlob finds it set.
var jsonType = []string{echo.MIMEApplicationJSON}

func liveness(c echo.Context) error {
	c.Response().Header()[echo.HeaderContentType] = jsonType
	return c.JSONBlob(http.StatusOK, liveBody)
}

// readyz answers 503 naming the failing checks; their errors become the logged cause, never the
// response, which must not leak driver text.
func readyz(checks []Check, drain *Drain) echo.HandlerFunc {
	return func(c echo.Context) error {
		if drain.Draining() {
			c.Response().Header().Set("Retry-After", strconv.Itoa(int(RetryAfter/time.Second)))
			return errs.Unavailable("not ready: shutting down", RetryAfter, nil)
		}
		results := Run(c.Request().Context(), checks)
		body := Ready{Status: "ok", Checks: make(map[string]string, len(checks))}
		var failing []string
		var causes []error
		for _, chk := range checks {
			if err := results[chk.Name]; err != nil {
				failing = append(failing, chk.Name)
				causes = append(causes, fmt.Errorf("check %q: %w", chk.Name, err))
				continue
			}
			body.Checks[chk.Name] = "ok"
		}
		if len(failing) > 0 {
			c.Response().Header().Set("Retry-After", strconv.Itoa(int(RetryAfter/time.Second)))
			return errs.Unavailable("not ready: "+strings.Join(failing, ", "), RetryAfter, errors.Join(causes...))
		}
		return c.JSON(http.StatusOK, body)
	}
}
