package db

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/modmono/platform/sqlcount"
)

// ReadObserver counts where reads go (metrics); every method must be safe for concurrent use.
type ReadObserver interface {
	// Routed: a read ran on target ("replica" or "primary").
	Routed(target string)
	// Fallback: a read that could have gone to a replica went to the primary, for reason:
	// "behind" (no healthy replica has replayed the client's own writes yet), "lagging" (every
	// healthy replica lags more than the allowed lag), "unavailable" (no replica answers) or
	// "error" (the replica failed the statement, which then ran on the primary).
	Fallback(reason string)
	// Lag reports a replica's lag after each check (negative: unknown or unreachable).
	Lag(replica string, seconds float64)
}

// DefaultMaxLag is how far behind the primary a replica may be and still serve the reads of
// clients that have not just written.
const DefaultMaxLag = 5 * time.Second

// checkInterval is how often each replica's replayed position is read (and the primary's
// current one): a client's reads go to the primary for up to this long after its write.
const checkInterval = 100 * time.Millisecond

// checkTimeout bounds one check: a replica slower than this is as good as down.
const checkTimeout = time.Second

// replica is one read-only copy of the primary and what its last check found.
type replica struct {
	name   string
	engine *Engine

	mu       sync.Mutex
	healthy  bool
	replayed Position
	lag      time.Duration
}

func (r *replica) state() (healthy bool, replayed Position, lag time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.healthy, r.replayed, r.lag
}

func (r *replica) markDown() {
	r.mu.Lock()
	r.healthy = false
	r.mu.Unlock()
}

// sample is the primary's WAL position at one instant: a replica that has replayed it has
// everything the primary had then, so it lags by at most the time since.
type sample struct {
	at       time.Time
	position Position
}

// router chooses, per statement, which engine answers a read: a replica that is healthy and
// recent enough for the client (see Session), else the primary. Replicas are checked in the
// background, so choosing costs no round trip. The design follows GitLab's database load
// balancing: sticky to the primary until a replica has replayed the client's WAL location.
type router struct {
	primary  *Engine
	replicas []*replica
	maxLag   time.Duration
	observer ReadObserver
	next     atomic.Uint32 // round robin among eligible replicas

	history []sample // the primary's recent positions, oldest first; checker goroutine only
	stop    context.CancelFunc
	done    chan struct{}
}

func newRouter(primary *Engine, replicas []*replica, maxLag time.Duration, observer ReadObserver) *router {
	if maxLag <= 0 {
		maxLag = DefaultMaxLag
	}
	if observer == nil {
		observer = noObserver{}
	}
	ctx, stop := context.WithCancel(context.Background())
	r := &router{primary: primary, replicas: replicas, maxLag: maxLag, observer: observer, stop: stop, done: make(chan struct{})}
	r.checkAll(ctx) // the first reads already know where to go
	go r.checkLoop(ctx)
	return r
}

func (r *router) close() error {
	r.stop()
	<-r.done
	var err error
	for _, rep := range r.replicas {
		err = errors.Join(err, rep.engine.close())
	}
	return err
}

// pick returns the replica for a read in ctx, or nil for the primary.
func (r *router) pick(ctx context.Context) *replica {
	if onPrimary(ctx) {
		r.observer.Routed("primary")
		return nil
	}
	var need Position
	if s := SessionFrom(ctx); s != nil {
		need = s.Min(ctx)
	}
	start := int(r.next.Add(1))
	reason := "unavailable"
	for i := range r.replicas {
		rep := r.replicas[(start+i)%len(r.replicas)]
		healthy, replayed, lag := rep.state()
		switch {
		case !healthy:
			continue
		case lag > r.maxLag:
			reason = "lagging"
		case replayed < need:
			// The client's own writes are not there yet.
			reason = "behind"
		default:
			r.observer.Routed("replica")
			return rep
		}
	}
	r.observer.Fallback(reason)
	r.observer.Routed("primary")
	return nil
}

// failed decides after a statement failed on rep whether to run it again on the primary: yes,
// unless the caller's context is over (the primary would fail the same way) or the read found
// nothing. The replica sits out until its next successful check.
func (r *router) failed(ctx context.Context, rep *replica, err error) bool {
	if err == nil || ctx.Err() != nil || errors.Is(err, sql.ErrNoRows) {
		return false
	}
	rep.markDown()
	r.observer.Fallback("error")
	r.observer.Routed("primary")
	return true
}

func (r *router) checkLoop(ctx context.Context) {
	defer close(r.done)
	t := time.NewTicker(checkInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r.checkAll(ctx)
		}
	}
}

// checkAll reads the primary's position, then each replica's replayed one, and derives each
// replica's lag from the primary's recent positions: the replica has everything the primary had
// at the newest sample it has replayed past.
func (r *router) checkAll(ctx context.Context) {
	now := time.Now()
	if p, err := currentPosition(ctx, r.primary, "SELECT pg_current_wal_lsn()::text"); err == nil {
		r.history = append(r.history, sample{at: now, position: p})
	}
	// Keep what can tell a lag up to twice the allowed one; older samples say nothing new.
	for len(r.history) > 1 && now.Sub(r.history[0].at) > 2*r.maxLag+time.Second {
		r.history = r.history[1:]
	}
	for _, rep := range r.replicas {
		replayed, err := currentPosition(ctx, rep.engine, "SELECT pg_last_wal_replay_lsn()::text")
		rep.mu.Lock()
		rep.healthy = err == nil
		if err == nil {
			rep.replayed = replayed
			rep.lag = lagOf(r.history, replayed, now)
		}
		lag := rep.lag
		rep.mu.Unlock()
		if err != nil {
			r.observer.Lag(rep.name, -1)
		} else {
			r.observer.Lag(rep.name, lag.Seconds())
		}
	}
}

// lagOf is how long ago the primary was last at or behind replayed; "forever" (an hour) when
// the history does not reach back that far.
func lagOf(history []sample, replayed Position, now time.Time) time.Duration {
	for i := len(history) - 1; i >= 0; i-- {
		if history[i].position <= replayed {
			if i == len(history)-1 {
				return 0
			}
			return now.Sub(history[i].at)
		}
	}
	if len(history) == 0 {
		return 0 // the primary does not answer: every read goes to the replicas or fails anyway
	}
	return time.Hour
}

// currentPosition runs a position query; a NULL answer (a server that is not a replica, asked
// for its replay position) is an error: it cannot be trusted to follow the primary.
func currentPosition(ctx context.Context, e *Engine, query string) (Position, error) {
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	var text sql.NullString
	if err := e.db.QueryRowContext(ctx, query).Scan(&text); err != nil {
		return 0, err
	}
	if !text.Valid {
		return 0, errors.New("not a streaming replica (pg_last_wal_replay_lsn() is NULL)")
	}
	return ParsePosition(text.String)
}

// recordCommit tells ctx's session where the primary's WAL stood just after a commit of e's.
// The commit has happened: a failure to read the position only sends the client's next reads
// to the primary (Unknown), it never fails the request.
func (e *Engine) recordCommit(ctx context.Context) {
	s := SessionFrom(ctx)
	if s == nil || !e.tracksPositions {
		return
	}
	sqlcount.Record(ctx)
	p, err := currentPosition(context.WithoutCancel(ctx), e, "SELECT pg_current_wal_lsn()::text")
	if err != nil {
		p = Unknown
	}
	s.commit(ctx, p)
}

type noObserver struct{}

func (noObserver) Routed(string)       {}
func (noObserver) Fallback(string)     {}
func (noObserver) Lag(string, float64) {}
