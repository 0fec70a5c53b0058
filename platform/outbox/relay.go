package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/ids"
)

// Relay publishes a context's committed outbox events. Run one per context per process; more
// (other processes, other replicas) are safe, as only one publishes a given batch at a time.
type Relay struct {
	id      string // names this relay as the holder of the SQLite lease
	cfg     RelayConfig
	log     *slog.Logger
	metrics relayMetrics
	nudge   chan struct{}

	mu      sync.Mutex
	running *run // nil when stopped

	gaugesAt time.Time // when the loop last refreshed the gauges
}

// run is one Start..Stop span of a relay.
type run struct {
	cancel   context.CancelFunc
	stopping chan struct{} // closed by Stop: flush, then return
	done     chan struct{} // closed when the loop has returned
	listener sync.WaitGroup
}

// NewRelay checks cfg and registers the relay's metrics with reg (nil: not registered).
func NewRelay(cfg RelayConfig, reg prometheus.Registerer) (*Relay, error) {
	if cfg.Name == "" || cfg.Engines == nil || cfg.Engines.Write == nil || cfg.Publisher == nil {
		return nil, errors.New("outbox relay needs a Name, Engines and a Publisher")
	}
	cfg.setDefaults()
	m, err := newRelayMetrics(reg, cfg.Name)
	if err != nil {
		return nil, err
	}
	return &Relay{
		id:      ids.New(),
		cfg:     cfg,
		log:     cfg.Logger.With(slog.String("context", cfg.Name)),
		metrics: m,
		nudge:   make(chan struct{}, 1),
	}, nil
}

// Notify asks the relay to look for new events now; it never blocks. A Unit of Work calls it
// after committing events, so in-process delivery takes milliseconds, not a poll interval.
func (r *Relay) Notify() {
	select {
	case r.nudge <- struct{}{}:
	default: // a nudge is already pending; one batch will see both commits
	}
}

// Start starts publishing in the background and returns at once. ctx bounds nothing after
// Start returns (it is usually a start-up deadline); Stop ends the relay.
func (r *Relay) Start(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running != nil {
		return fmt.Errorf("outbox relay %s is already running", r.cfg.Name)
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	ru := &run{cancel: cancel, stopping: make(chan struct{}), done: make(chan struct{})}
	if pool := r.cfg.Engines.Write.Pool(); pool != nil {
		ru.listener.Go(func() { r.listen(runCtx, pool) })
	}
	go r.loop(runCtx, ru)
	r.running = ru
	return nil
}

// Stop finishes the current batch and publishes every event that is due before returning. If
// ctx ends first, Stop abandons the batch in flight (its transaction rolls back, so its events
// are published again later: at least once) and returns ctx's error.
func (r *Relay) Stop(ctx context.Context) error {
	r.mu.Lock()
	ru := r.running
	r.running = nil
	r.mu.Unlock()
	if ru == nil {
		return nil
	}
	close(ru.stopping)
	var err error
	select {
	case <-ru.done:
	case <-ctx.Done():
		err = fmt.Errorf("outbox relay %s stopped before publishing every pending event: %w", r.cfg.Name, ctx.Err())
	}
	// Cancelling also ends a publish stuck past the deadline; waiting for it is not bounded by
	// ctx, so only the listener (ours, and prompt to cancel) is waited for.
	ru.cancel()
	ru.listener.Wait()
	r.releaseLease()
	return err
}

// busyRetry is how soon a relay tries again after finding another relay (another replica)
// publishing the outbox: that relay may have selected its batch before this one's nudge was
// committed, and no notification tells it otherwise (see outbox.notify in the messaging
// migrations).
const busyRetry = 20 * time.Millisecond

// minBatchGap spaces the batches a stream of nudges asks for: under load the events of a few
// milliseconds go out in one batch (one transaction, one statement marking them all) instead
// of one batch per commit. The first nudge after a quiet spell starts a batch at once.
const minBatchGap = 10 * time.Millisecond

func (r *Relay) loop(ctx context.Context, ru *run) {
	defer close(ru.done)
	ticker := time.NewTicker(r.cfg.PollInterval)
	defer ticker.Stop()
	var retry <-chan time.Time
	for {
		started := time.Now()
		n, err := r.batch(ctx)
		r.logBatchError(ctx, err)
		if err == nil && n == r.cfg.BatchSize {
			continue // more is due: do not wait for a tick
		}
		retry = nil
		if errors.Is(err, errBusy) {
			retry = time.After(busyRetry)
		}
		select {
		case <-ru.stopping:
			r.flush(ctx)
			return
		case <-ctx.Done():
			return
		case <-r.nudge:
			if !r.spaced(ctx, ru, started) {
				r.flush(ctx)
				return
			}
		case <-ticker.C:
		case <-retry:
		}
	}
}

// spaced waits until minBatchGap has passed since the last batch started; false when the relay
// is stopping meanwhile.
func (r *Relay) spaced(ctx context.Context, ru *run, last time.Time) bool {
	wait := minBatchGap - time.Since(last)
	if wait <= 0 {
		return true
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ru.stopping:
		return false
	case <-ctx.Done():
		return true // the loop notices at its next select
	}
}

// flush publishes everything due before the relay stops; a batch left to another relay
// (errBusy) is that relay's to publish.
func (r *Relay) flush(ctx context.Context) {
	for {
		n, err := r.batch(ctx)
		r.logBatchError(ctx, err)
		if err != nil || n < r.cfg.BatchSize {
			return
		}
	}
}

// logBatchError logs a failed batch, which the next poll retries; errBusy is no failure.
func (r *Relay) logBatchError(ctx context.Context, err error) {
	if err != nil && !errors.Is(err, errBusy) && ctx.Err() == nil {
		r.log.ErrorContext(ctx, "outbox relay batch failed; retrying at the next poll", slog.Any("error", err))
	}
}

// releaseLease lets another process's relay take over an SQLite outbox at once; a failure only
// delays that until the lease expires.
func (r *Relay) releaseLease() {
	if r.cfg.Engines.Write.Dialect() != db.SQLite {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := queries.Exec(ctx, r.cfg.Engines.Write, "outbox.release_lease", db.Args{"holder": r.id, "now": r.cfg.Clock.Now()}); err != nil {
		r.log.Warn("outbox lease not released; another relay takes over when it expires", slog.Any("error", err))
	}
}
