package natsjs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/modmono/platform/outbox"
)

// consuming is one Start..StopConsuming span.
type consuming struct {
	cancel   context.CancelFunc // ends the handlers' context
	contexts []jetstream.ConsumeContext
}

// Subscribe registers handler as subscriber's handler of eventType; it takes effect at Start.
// Like outbox.LocalBroker it panics on a wiring mistake: a name that cannot be a durable
// consumer name or a subject, a nil handler, a second handler of the same subscriber for the
// same type, or a subscription after Start.
func (b *Broker) Subscribe(subscriber, eventType string, handler outbox.Handler) {
	if !validName(subscriber) || !validSubject(eventType) || handler == nil {
		panic(fmt.Sprintf("natsjs: Subscribe(%q, %q) needs a subscriber name of letters, digits, '-' and '_', an event type of subject tokens, and a handler", subscriber, eventType))
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.started {
		panic(fmt.Sprintf("natsjs: Subscribe(%q, %q) after Start: subscribe while wiring, before the broker starts", subscriber, eventType))
	}
	if b.subs == nil {
		b.subs = map[string]map[string]outbox.Handler{}
	}
	if b.subs[subscriber] == nil {
		b.subs[subscriber] = map[string]outbox.Handler{}
	}
	if b.subs[subscriber][eventType] != nil {
		panic(fmt.Sprintf("natsjs: %s already subscribes to %s", subscriber, eventType))
	}
	b.subs[subscriber][eventType] = handler
}

// Start creates or updates each subscriber's durable consumer and starts handling its events in
// the background. ctx bounds only the set-up; StopConsuming or Stop ends the handling.
func (b *Broker) Start(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.started || b.nc.IsClosed() {
		return errors.New("natsjs: a broker starts once; connect a new one to start again")
	}
	b.started = true
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	run := &consuming{cancel: cancel}
	multiFilter := serverAtLeast(b.nc.ConnectedServerVersion(), 2, 10)
	for _, name := range slices.Sorted(maps.Keys(b.subs)) {
		cc, err := b.consume(ctx, runCtx, name, b.subs[name], multiFilter)
		if err != nil {
			for _, started := range run.contexts {
				started.Stop()
			}
			cancel()
			return err
		}
		run.contexts = append(run.contexts, cc)
	}
	b.run = run
	return nil
}

// consume sets up subscriber's consumer and runs deliver on each of its messages, one at a time.
func (b *Broker) consume(ctx, runCtx context.Context, subscriber string, handlers map[string]outbox.Handler, multiFilter bool) (jetstream.ConsumeContext, error) {
	cfg := jetstream.ConsumerConfig{
		Durable:     subscriber,
		Description: "Integration events for subscriber " + subscriber,
		// All, not new: a process's relay may publish before its consumers are first created,
		// and those events must not be lost; a subscriber added later also gets the retained
		// history of its types, which its inbox makes safe to see.
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckPolicy:     jetstream.AckExplicitPolicy,
		// Not the consumer's BackOff: the server would then use its first step as the ack wait,
		// redelivering an event whose handler merely takes longer than that step.
		AckWait: b.opts.AckWait,
		// Unlimited: the broker parks an event itself after ParkAfter failures, where an operator
		// sees it; the server dropping it after MaxDeliver would only emit an advisory.
		MaxDeliver: -1,
		// One message in flight keeps each aggregate's order through redeliveries (package doc).
		MaxAckPending: 1,
	}
	if multiFilter {
		for _, t := range slices.Sorted(maps.Keys(handlers)) {
			cfg.FilterSubjects = append(cfg.FilterSubjects, b.opts.SubjectPrefix+t)
		}
	} else {
		// Servers before 2.10 filter on one subject only: take every event, and ack those of
		// types the subscriber does not handle. The filter never changes with the subscriptions,
		// as such servers also refuse to change a consumer's filter.
		cfg.FilterSubject = b.opts.SubjectPrefix + ">"
	}
	cons, err := b.js.CreateOrUpdateConsumer(ctx, b.opts.Stream, cfg)
	if err != nil {
		return nil, fmt.Errorf("create or update the consumer of subscriber %s: %w", subscriber, err)
	}
	log := b.log.With(slog.String("subscriber", subscriber))
	return cons.Consume(
		func(m jetstream.Msg) { b.deliver(runCtx, subscriber, handlers, m) },
		jetstream.ConsumeErrHandler(func(_ jetstream.ConsumeContext, err error) {
			if errors.Is(err, jetstream.ErrConsumerDeleted) {
				log.Error("the subscriber's consumer was deleted; it receives nothing until the process restarts", slog.Any("error", err))
				return
			}
			log.Warn("consuming events interrupted; resuming", slog.Any("error", err))
		}),
	)
}

// StopConsuming stops fetching events and waits for the handlers in flight to finish, so that
// their acks go out. If ctx ends first, the handlers' context is cancelled and their events
// come again later. Publish keeps working: a process stops consuming before its stores close,
// and its relays may still flush through the broker afterwards.
func (b *Broker) StopConsuming(ctx context.Context) error {
	b.mu.Lock()
	run := b.run
	b.run = nil
	b.mu.Unlock()
	if run == nil {
		return nil
	}
	defer run.cancel()
	for _, cc := range run.contexts {
		cc.Drain()
	}
	for _, cc := range run.contexts {
		select {
		case <-cc.Closed():
		case <-ctx.Done():
			return fmt.Errorf("natsjs: stopped before every handler in flight finished: %w", ctx.Err())
		}
	}
	return nil
}

// serverAtLeast reports whether a server version ("2.10.4") is at least major.minor.
func serverAtLeast(version string, major, minor int) bool {
	parts := strings.SplitN(strings.TrimPrefix(version, "v"), ".", 3)
	if len(parts) < 2 {
		return false
	}
	gotMajor, err1 := strconv.Atoi(parts[0])
	gotMinor, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return false
	}
	return gotMajor > major || gotMajor == major && gotMinor >= minor
}
