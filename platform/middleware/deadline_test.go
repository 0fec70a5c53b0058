package middleware_test

import (
	"context"
	"errors"
	"fmt"
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

// The deadline's timer is made only when something waits; each way of watching the context
// must still see it end: at the deadline, when the caller goes away, and when the request ends.
func TestDeadlineContextEndsForEveryWatcher(t *testing.T) {
	t.Parallel()
	type watch func(ctx context.Context) <-chan struct{}
	watchers := map[string]watch{
		"Done": func(ctx context.Context) <-chan struct{} { return ctx.Done() },
		"a child context": func(ctx context.Context) <-chan struct{} {
			child, cancel := context.WithCancel(ctx)
			t.Cleanup(cancel)
			return child.Done()
		},
		"AfterFunc": func(ctx context.Context) <-chan struct{} {
			ch := make(chan struct{})
			context.AfterFunc(ctx, func() { close(ch) })
			return ch
		},
		"polling Err": func(ctx context.Context) <-chan struct{} {
			ch := make(chan struct{})
			go func() {
				for ctx.Err() == nil {
					time.Sleep(time.Millisecond)
				}
				close(ch)
			}()
			return ch
		},
	}
	for _, end := range []struct {
		name    string
		header  string // the caller's budget in ms
		cancel  bool   // the caller goes away
		wantErr error
	}{
		{name: "at the deadline", header: "20", wantErr: context.DeadlineExceeded},
		{name: "when the caller goes away", header: "60000", cancel: true, wantErr: context.Canceled},
	} {
		for name, w := range watchers {
			t.Run(end.name+"/"+name, func(t *testing.T) {
				t.Parallel()
				parent, cancelParent := context.WithCancel(context.Background())
				defer cancelParent()
				h := middleware.Deadline(time.Minute)(func(c echo.Context) error {
					ctx := c.Request().Context()
					if err := ctx.Err(); err != nil {
						t.Fatalf("Err before the end = %v", err)
					}
					ended := w(ctx)
					if end.cancel {
						cancelParent()
					}
					select {
					case <-ended:
					case <-time.After(30 * time.Second):
						t.Fatal("the context never ended")
					}
					if err := ctx.Err(); !errors.Is(err, end.wantErr) {
						t.Errorf("Err = %v, want %v", err, end.wantErr)
					}
					if _, ok := ctx.Deadline(); !ok {
						t.Error("no deadline")
					}
					return nil
				})
				req := httptest.NewRequest(http.MethodGet, "/", nil).WithContext(parent)
				req.Header.Set(httpx.HeaderTimeout, end.header)
				if err := h(echo.New().NewContext(req, httptest.NewRecorder())); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

func TestDeadlineContextIsCanceledWhenTheRequestEnds(t *testing.T) {
	t.Parallel()
	for _, asked := range []bool{false, true} {
		t.Run(fmt.Sprintf("Done asked during the request: %v", asked), func(t *testing.T) {
			t.Parallel()
			var ctx context.Context
			h := middleware.Deadline(time.Minute)(func(c echo.Context) error {
				ctx = c.Request().Context()
				if asked {
					_ = ctx.Done()
				}
				return nil
			})
			if err := h(echo.New().NewContext(httptest.NewRequest(http.MethodGet, "/", nil), httptest.NewRecorder())); err != nil {
				t.Fatal(err)
			}
			if err := ctx.Err(); !errors.Is(err, context.Canceled) {
				t.Errorf("Err after the request = %v, want context.Canceled", err)
			}
			select {
			case <-ctx.Done():
			default:
				t.Error("Done is open after the request")
			}
		})
	}
}
