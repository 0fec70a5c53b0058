// Package reqctx carries the request id in the context, and gives each HTTP request one context
// that the middleware chain derives in place (Derive) instead of copying the request once per
// value; it sits below both the HTTP middleware (which sets it) and logging (which reads it), so
// neither has to import the other.
package reqctx

import (
	"context"
	"net/http"
	"time"
)

type requestIDKey struct{}

// WithRequestID returns a context that carries the request id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID is the id of the request ctx belongs to, or "" outside a request.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// requestCtx is a request's one context: it answers the request id itself and delegates the
// rest to inner, which Derive replaces as each middleware adds its value, span or deadline. A
// middleware derives before the handler runs, before anything else holds the context, so inner
// is only ever replaced on the request's own goroutine before it is shared.
type requestCtx struct {
	inner context.Context
	id    any       // a string, boxed once rather than on every Value
	start time.Time // when the request began, read once for the whole chain (Start)
	route any       // what the router matched, once looked up (SetRoute)
}

func (c *requestCtx) Deadline() (time.Time, bool) { return c.inner.Deadline() }
func (c *requestCtx) Done() <-chan struct{}       { return c.inner.Done() }
func (c *requestCtx) Err() error                  { return c.inner.Err() }

func (c *requestCtx) Value(key any) any {
	if _, ok := key.(requestIDKey); ok {
		return c.id
	}
	return c.inner.Value(key)
}

func (c *requestCtx) String() string { return "reqctx.Request(" + c.id.(string) + ")" }

// Begin gives r its one context, carrying the request id and the time the request began: the
// only copy of the request the chain makes (http.Request.WithContext copies the whole request).
func Begin(r *http.Request, id string, start time.Time) *http.Request {
	if c, ok := r.Context().(*requestCtx); ok {
		c.id, c.start, c.route = any(id), start, nil
		return r
	}
	return r.WithContext(&requestCtx{inner: r.Context(), id: id, start: start})
}

// Start is when the request ctx belongs to began (Begin), so that the middleware timing it,
// logging it and giving it a deadline read the clock once between them; outside a request (or
// before Begin), now.
func Start(ctx context.Context) time.Time {
	if c, ok := ctx.(*requestCtx); ok {
		return c.start
	}
	return time.Now()
}

// SetRoute keeps the route the request ctx belongs to matched, so that the middleware after the
// first to look it up (a map keyed by method and pattern, about eight times a request) read it
// here; outside Begin's context it keeps nothing. Only the request's own goroutine sets it,
// before the handler runs.
func SetRoute(ctx context.Context, route any) {
	if c, ok := ctx.(*requestCtx); ok {
		c.route = route
	}
}

// Route is what SetRoute kept, or nil.
func Route(ctx context.Context) any {
	if c, ok := ctx.(*requestCtx); ok {
		return c.route
	}
	return nil
}

// Derive gives r the context derive makes from its current one: in place when r's context is
// Begin's (derive then receives the context behind it), otherwise on a copy of r. derive must
// build on the context it receives, never on r.Context().
func Derive(r *http.Request, derive func(context.Context) context.Context) *http.Request {
	if c, ok := r.Context().(*requestCtx); ok {
		c.inner = derive(c.inner)
		return r
	}
	return r.WithContext(derive(r.Context()))
}
