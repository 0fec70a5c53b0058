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
	types := slices.Sorted(maps.Keys(handlers))
	if multiFilter {
		for _, t := range types {
			cfg.FilterSubjects = append(cfg.FilterSubjects, b.opts.SubjectPrefix+t)
		}
	} else {
		// Servers before 2.10 filter on one subject only: the narrowest that covers the
		// subscriber's types, so that it is not sent every other context's events only to ack
		// them. Types it does not handle that still match are acked.
		cfg.FilterSubject = b.opts.SubjectPrefix + coveringSubject(types)
	}
	cons, err := b.ensureConsumer(ctx, cfg, multiFilter)
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

// ensureConsumer creates the consumer cfg describes, or updates the one already there. Where an
// existing consumer starts was fixed when it was created and is kept. A server before 2.10
// refuses to change a consumer's filter, so a consumer whose filter differs there is replaced
// by one that starts right after the last event it acknowledged: nothing acked comes again and
// nothing unacked is skipped (the stream keeps events by age, not by interest, so none is lost
// meanwhile). Such a change happens once, when a subscriber's types change.
func (b *Broker) ensureConsumer(ctx context.Context, cfg jetstream.ConsumerConfig, multiFilter bool) (jetstream.Consumer, error) {
	existing, err := b.js.Consumer(ctx, b.opts.Stream, cfg.Durable)
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		return b.js.CreateOrUpdateConsumer(ctx, b.opts.Stream, cfg)
	}
	if err != nil {
		return nil, err
	}
	info := existing.CachedInfo()
	cfg.DeliverPolicy, cfg.OptStartSeq, cfg.OptStartTime = info.Config.DeliverPolicy, info.Config.OptStartSeq, info.Config.OptStartTime
	sameFilter := info.Config.FilterSubject == cfg.FilterSubject && slices.Equal(info.Config.FilterSubjects, cfg.FilterSubjects)
	if multiFilter || sameFilter {
		return b.js.CreateOrUpdateConsumer(ctx, b.opts.Stream, cfg)
	}
	if err := b.js.DeleteConsumer(ctx, b.opts.Stream, cfg.Durable); err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
		return nil, fmt.Errorf("replace the consumer to change its filter from %q to %q: %w", info.Config.FilterSubject, cfg.FilterSubject, err)
	}
	cfg.DeliverPolicy, cfg.OptStartSeq, cfg.OptStartTime = jetstream.DeliverByStartSequencePolicy, info.AckFloor.Stream+1, nil
	b.log.Info("consumer replaced to change its filter; it resumes after the last event it acknowledged",
		slog.String("subscriber", cfg.Durable), slog.String("old_filter", info.Config.FilterSubject),
		slog.String("filter", cfg.FilterSubject), slog.Uint64("resumes_at", cfg.OptStartSeq))
	return b.js.CreateOrUpdateConsumer(ctx, b.opts.Stream, cfg)
}

// coveringSubject is the narrowest single subject that matches every one of types (sorted,
// literal subjects): the type itself when there is one, else their common leading tokens
// followed by ">" ("payments.>" for two payments events, ">" for two contexts' events).
func coveringSubject(types []string) string {
	if len(types) == 1 {
		return types[0]
	}
	// ">" matches one token or more, so the common part leaves at least one of each type.
	first := strings.Split(types[0], ".")
	common := first[:len(first)-1]
	for _, t := range types[1:] {
		tokens := strings.Split(t, ".")
		n := min(len(common), len(tokens)-1)
		i := 0
		for i < n && common[i] == tokens[i] {
			i++
		}
		common = common[:i]
	}
	return strings.Join(append(common, ">"), ".")
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
