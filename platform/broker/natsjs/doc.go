// Package natsjs delivers integration events through NATS JetStream: the outbox relay publishes
// with Broker.Publish (an outbox.Publisher), and contexts subscribe with Broker.Subscribe (an
// outbox.Subscriber), exactly as they do with the in-process outbox.LocalBroker.
//
// Every event goes to one stream (default "EVENTS") on the subject <prefix><type>, e.g.
// "events.orders.order_placed", with the JSON envelope as its body. Delivery is at least once:
//
//   - Publish waits for the stream's ack, so a nil error means the event is stored; on any error
//     the relay keeps the outbox row and tries again. The event id is the Nats-Msg-Id, so a retry
//     whose first attempt was in fact stored is dropped by the stream within its duplicate
//     window; a later one is absorbed by the subscribers' inboxes.
//   - Each subscriber has one durable pull consumer named after it, which remembers its position
//     across restarts. A message is acked only once its handler returned nil (having committed
//     its effect and its inbox entry), nak'ed with a growing delay when it failed, and parked
//     (terminated, logged, counted and passed to Options.Parked) after Options.ParkAfter
//     deliveries, so that one poison event cannot stall a subscriber for good.
//
// Order: a stream keeps publish order, and the relay publishes one context's events in outbox
// order, so each aggregate's events are stored in the order they happened. A consumer delivers
// in stream order, but a redelivery (after a nak or an ack timeout) would come after any later
// messages already handed out. Consumers therefore allow one unacknowledged message at a time
// (MaxAckPending 1): a failing event holds back its subscriber's later events until it succeeds
// or is parked, exactly like the relay. The price is throughput: one subscriber handles one event
// per handler run plus a round trip, and one slow or failing event delays every aggregate's
// events for that subscriber, not only its own. When that becomes a bottleneck, the way out is
// to partition: put an aggregate-hash token in the subject and give each subscriber one
// consumer per partition, each still with MaxAckPending 1.
package natsjs
