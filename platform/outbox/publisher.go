package outbox

import "context"

// Publisher hands one event to every subscriber of its type: in process (LocalBroker) or through
// a message broker. A nil error means the event may be marked published; an error makes the
// relay try the whole event again later, so a Publisher need not be atomic across subscribers.
type Publisher interface {
	Publish(ctx context.Context, e Event) error
}

// PublisherFunc adapts a function to Publisher.
type PublisherFunc func(ctx context.Context, e Event) error

func (f PublisherFunc) Publish(ctx context.Context, e Event) error { return f(ctx, e) }
