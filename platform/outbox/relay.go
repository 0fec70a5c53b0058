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

func (r *Relay) loop(ctx context.Context, ru *run) {
	defer close(ru.done)
	ticker := time.NewTicker(r.cfg.PollInterval)
	defer ticker.Stop()
	for {
		full := r.batchLogged(ctx)
		if full {
			continue // more is due: do not wait for a tick
		}
		select {
		case <-ru.stopping:
			for r.batchLogged(ctx) {
			}
			return
		case <-ctx.Done():
			return
		case <-r.nudge:
		case <-ticker.C:
		}
	}
}

// batchLogged runs one batch and reports whether it was full, so more may be due at once.
func (r *Relay) batchLogged(ctx context.Context) bool {
	n, err := r.batch(ctx)
	if err != nil {
		if ctx.Err() == nil {
			r.log.ErrorContext(ctx, "outbox relay batch failed; retrying at the next poll", slog.Any("error", err))
		}
		return false
	}
	return n == r.cfg.BatchSize
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
