package natsjs

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/modmono/platform/outbox"
)

// Broker publishes events to a JetStream stream and runs subscribers' handlers on them. One
// Broker serves a whole process; a stopped Broker stays stopped (a restart is a new Connect).
type Broker struct {
	opts    Options
	log     *slog.Logger
	metrics metrics
	nc      *nats.Conn
	js      jetstream.JetStream

	mu      sync.Mutex
	subs    map[string]map[string]outbox.Handler // subscriber → event type → handler
	started bool
	run     *consuming // nil when not consuming
}

var (
	_ outbox.Publisher  = (*Broker)(nil)
	_ outbox.Subscriber = (*Broker)(nil)
)

// Connect connects to the NATS server(s) at url (comma-separated for a cluster) and makes sure
// the stream exists with the configured limits. It fails when no server answers: a process then
// fails to start, visibly, rather than running without a broker. Once connected, the connection
// is re-established forever whenever it is lost.
func Connect(ctx context.Context, url string, opts Options) (*Broker, error) {
	opts.setDefaults()
	if err := opts.validate(); err != nil {
		return nil, fmt.Errorf("natsjs options: %w", err)
	}
	m, err := newMetrics(opts.Registerer)
	if err != nil {
		return nil, err
	}
	b := &Broker{opts: opts, log: opts.Logger.With(slog.String("broker", "nats")), metrics: m}
	b.nc, err = nats.Connect(url, b.natsOptions(ctx)...)
	if err != nil {
		return nil, fmt.Errorf("connect to NATS: %w", err)
	}
	b.js, err = jetstream.New(b.nc)
	if err == nil {
		err = b.ensureStream(ctx)
	}
	if err != nil {
		b.nc.Close()
		return nil, err
	}
	return b, nil
}

func (b *Broker) natsOptions(ctx context.Context) []nats.Option {
	opts := []nats.Option{
		nats.Name(b.opts.Name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(b.opts.ReconnectWait),
		// Publishing while disconnected fails at once instead of filling a buffer that a crash
		// would lose: the outbox already keeps every event until the stream has acked it.
		nats.ReconnectBufSize(-1),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			b.log.Warn("NATS connection lost; reconnecting (the outbox keeps events meanwhile)", slog.Any("error", err))
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			b.log.Info("NATS connection re-established", slog.String("url", nc.ConnectedUrlRedacted()))
		}),
		nats.ErrorHandler(func(_ *nats.Conn, sub *nats.Subscription, err error) {
			attrs := []any{slog.Any("error", err)}
			if sub != nil {
				attrs = append(attrs, slog.String("subject", sub.Subject))
			}
			b.log.Error("NATS asynchronous error", attrs...)
		}),
	}
	if deadline, ok := ctx.Deadline(); ok {
		opts = append(opts, nats.Timeout(max(time.Until(deadline), time.Millisecond)))
	}
	return opts
}

// ensureStream creates the stream or brings its limits up to date. Limits retention keeps events
// for MaxAge whoever has consumed them, so a new subscriber or a replay finds them there.
func (b *Broker) ensureStream(ctx context.Context) error {
	_, err := b.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        b.opts.Stream,
		Description: "Integration events between contexts, published by the outbox relays.",
		Subjects:    []string{b.opts.SubjectPrefix + ">"},
		Storage:     jetstream.FileStorage,
		Retention:   jetstream.LimitsPolicy,
		Discard:     jetstream.DiscardOld,
		MaxAge:      b.opts.MaxAge,
		Duplicates:  b.opts.DuplicateWindow,
		Replicas:    b.opts.Replicas,
	})
	if err != nil {
		return fmt.Errorf("create or update stream %s: %w", b.opts.Stream, err)
	}
	return nil
}

// Stop stops consuming (see StopConsuming), then flushes what is still buffered (the last acks)
// and closes the connection, after which Publish fails.
func (b *Broker) Stop(ctx context.Context) error {
	err := b.StopConsuming(ctx)
	// FlushWithContext insists on a deadline.
	flushCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if flushErr := b.nc.FlushWithContext(flushCtx); flushErr != nil && !b.nc.IsClosed() {
		b.log.Warn("NATS flush before close failed; unacknowledged events come again", slog.Any("error", flushErr))
	}
	b.nc.Close()
	return err
}
