package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/middleware"
)

func TestDeadlineBoundsEveryRequest(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, header string
		timeout      time.Duration
		wantAtMost   time.Duration
		wantNone     bool
	}{
		{name: "configured timeout", timeout: time.Second, wantAtMost: time.Second},
		{name: "a caller's shorter budget", header: "250", timeout: time.Second, wantAtMost: 250 * time.Millisecond},
		{name: "a longer budget changes nothing", header: "60000", timeout: time.Second, wantAtMost: time.Second},
		{name: "a bad budget is ignored", header: "-5", timeout: time.Second, wantAtMost: time.Second},
		{name: "zero: no deadline", timeout: 0, wantNone: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var left time.Duration
			var has bool
			h := middleware.Deadline(tc.timeout)(func(c echo.Context) error {
				var deadline time.Time
				deadline, has = c.Request().Context().Deadline()
				left = time.Until(deadline)
				return nil
			})
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if tc.header != "" {
				req.Header.Set(httpx.HeaderTimeout, tc.header)
			}
			if err := h(echo.New().NewContext(req, httptest.NewRecorder())); err != nil {
				t.Fatal(err)
			}
			if has == tc.wantNone || (!tc.wantNone && (left > tc.wantAtMost || left <= 0)) {
				t.Fatalf("deadline set %v, %s left; want set %v, at most %s", has, left, !tc.wantNone, tc.wantAtMost)
			}
		})
	}
}
