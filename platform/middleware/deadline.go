package middleware

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/reqctx"
)

// Deadline gives every request a deadline, timeout after it arrived (or sooner when the caller
// sent a shorter httpx.HeaderTimeout), carried by the request's context to every database call
// and every call to another service. It does not cut the answer off: a handler past its
// deadline fails at its next call (a 503, see problem.Classify), and a transaction decides
// between commit and rollback explicitly (db.Engine.InTx), so that a 5xx never hides a write
// that committed. A timeout of 0 sets no deadline.
//
// The context's timer is made only when something waits on it (Done): a request that never
// does, such as /healthz, pays no timer; Deadline and Err are right either way.
func Deadline(timeout time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		if timeout <= 0 {
			return next
		}
		return func(c echo.Context) error {
			d := timeout
			if asked, ok := httpx.TimeoutFrom(c.Request().Header); ok && asked < d {
				d = asked
			}
			var ctx *deadlineCtx
			deadline := reqctx.Start(c.Request().Context()).Add(d)
			c.SetRequest(reqctx.Derive(c.Request(), func(parent context.Context) context.Context {
				ctx = withDeadline(parent, deadline)
				return ctx
			}))
			defer ctx.cancel()
			return next(c)
		}
	}
}

// deadlineCtx is context.WithDeadline made lazily: until someone asks for Done, it is a
// deadline and a flag; then it becomes the real thing (timer included), which it delegates to
// from there on, Value included, so that children register with its cancelCtx directly instead
// of watching it from a goroutine.
type deadlineCtx struct {
	parent   context.Context
	deadline time.Time

	mu       sync.Mutex
	canceled bool
	real     atomic.Pointer[realDeadline]
}

type realDeadline struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func withDeadline(parent context.Context, d time.Time) *deadlineCtx {
	if cur, ok := parent.Deadline(); ok && cur.Before(d) {
		d = cur // the parent's sooner deadline still rules, as with context.WithDeadline
	}
	return &deadlineCtx{parent: parent, deadline: d}
}

func (c *deadlineCtx) Deadline() (time.Time, bool) { return c.deadline, true }

func (c *deadlineCtx) Done() <-chan struct{} { return c.materialize().ctx.Done() }

func (c *deadlineCtx) Err() error {
	if r := c.real.Load(); r != nil {
		return r.ctx.Err()
	}
	c.mu.Lock()
	canceled := c.canceled
	c.mu.Unlock()
	if !canceled && c.parent.Err() == nil && time.Now().Before(c.deadline) {
		return nil
	}
	// Over: the real context says why (and context.Cause agrees with it from now on).
	return c.materialize().ctx.Err()
}

func (c *deadlineCtx) Value(key any) any {
	if r := c.real.Load(); r != nil {
		return r.ctx.Value(key)
	}
	return c.parent.Value(key)
}

func (c *deadlineCtx) String() string { return "middleware.Deadline(" + c.deadline.String() + ")" }

func (c *deadlineCtx) materialize() *realDeadline {
	if r := c.real.Load(); r != nil {
		return r
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if r := c.real.Load(); r != nil {
		return r
	}
	ctx, cancel := context.WithDeadline(c.parent, c.deadline)
	if c.canceled {
		cancel()
	}
	r := &realDeadline{ctx: ctx, cancel: cancel}
	c.real.Store(r)
	return r
}

// cancel ends the request's context, as context.WithDeadline's cancel does.
func (c *deadlineCtx) cancel() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.canceled = true
	if r := c.real.Load(); r != nil {
		r.cancel()
	}
}
