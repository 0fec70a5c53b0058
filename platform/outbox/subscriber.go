package outbox

// Subscriber registers a subscriber's handler of one event type: the in-process LocalBroker, or
// a broker client such as platform/broker/natsjs. Contexts depend on this port rather than on a
// concrete broker, so that choosing the broker is a matter of wiring alone.
type Subscriber interface {
	Subscribe(subscriber, eventType string, handler Handler)
}

var _ Subscriber = (*LocalBroker)(nil)
