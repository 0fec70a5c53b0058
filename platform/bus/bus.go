// Package bus registers command and query handlers once and wraps every one of them in the same
// decorators (logging, metrics, tracing, retries), so handlers hold business logic only.
package bus

import "context"

// Handler handles one command or query type.
type Handler[In, Out any] interface {
	Handle(ctx context.Context, in In) (Out, error)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc[In, Out any] func(ctx context.Context, in In) (Out, error)

func (f HandlerFunc[In, Out]) Handle(ctx context.Context, in In) (Out, error) { return f(ctx, in) }

// Kind tells commands (which change state) from queries (which only read).
type Kind string

const (
	KindCommand Kind = "command"
	KindQuery   Kind = "query"
)

// Call describes the handler a decorator is wrapping.
type Call struct {
	Name string // "auth.register"
	Kind Kind
}

// Decorator wraps every handler call; it must call next exactly once unless it fails early,
// or more than once only when it retries.
type Decorator func(ctx context.Context, call Call, next func(context.Context) error) error

// Bus holds the decorators applied to every handler registered with it.
type Bus struct {
	decorators []Decorator
}

// New returns a bus; decorators run outermost first.
func New(decorators ...Decorator) *Bus {
	return &Bus{decorators: decorators}
}

// Command registers a command handler and returns it wrapped in the bus's decorators.
func Command[In, Out any](b *Bus, name string, h Handler[In, Out]) Handler[In, Out] {
	return wrap(b, Call{Name: name, Kind: KindCommand}, h)
}

// Query registers a query handler and returns it wrapped in the bus's decorators.
func Query[In, Out any](b *Bus, name string, h Handler[In, Out]) Handler[In, Out] {
	return wrap(b, Call{Name: name, Kind: KindQuery}, h)
}

func wrap[In, Out any](b *Bus, call Call, h Handler[In, Out]) Handler[In, Out] {
	if h == nil {
		panic("bus: nil handler for " + call.Name)
	}
	if b == nil || len(b.decorators) == 0 {
		return h
	}
	return decorated[In, Out]{call: call, inner: h, decorators: b.decorators}
}

type decorated[In, Out any] struct {
	call       Call
	inner      Handler[In, Out]
	decorators []Decorator
}

func (d decorated[In, Out]) Handle(ctx context.Context, in In) (Out, error) {
	var out Out
	run := func(ctx context.Context) error {
		var err error
		out, err = d.inner.Handle(ctx, in)
		return err
	}
	for i := len(d.decorators) - 1; i >= 0; i-- {
		dec, next := d.decorators[i], run
		run = func(ctx context.Context) error { return dec(ctx, d.call, next) }
	}
	err := run(ctx)
	return out, err
}
