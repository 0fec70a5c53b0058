// Package cache keeps the answers of hot queries in Redis, for every replica of the gateway at
// once. Entries live under a namespace whose generation, a key in Redis, is replaced after every
// commit that changes the namespace's data (Invalidate): readers then look under the new
// generation and refill it, so no key has to be found and deleted, and an entry filled from data
// read before the commit is never read again. Hits are answered from process memory: rueidis
// keeps what it read (client-side caching) and Redis tells every client when a key it holds
// changes. A cache that cannot answer within its timeout is skipped: the query goes to the
// database and the error is counted, never returned.
package cache

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/rueidis"
	"golang.org/x/sync/singleflight"

	"github.com/modmono/platform/config"
)

// Config is the cache's environment; an empty URL turns the cache off.
type Config struct {
	// URL is redis://[user:password@]host:port[/db] (rediss:// for TLS); empty means no cache.
	URL string `env:"CACHE_URL"`
	// Timeout bounds each call to Redis; past it the query is answered from the database.
	Timeout time.Duration `env:"CACHE_TIMEOUT" envDefault:"50ms"`
	// TTL is a safety net only: entries are invalidated after each commit that changes them.
	TTL time.Duration `env:"CACHE_TTL" envDefault:"10m"`
	// NotFoundTTL keeps "not found" answers briefly, so a flood of lookups of missing ids does
	// not reach the database.
	NotFoundTTL time.Duration `env:"CACHE_NOT_FOUND_TTL" envDefault:"5s"`
	// Prefix starts every key, so deployments or tests can share one Redis.
	Prefix string `env:"CACHE_PREFIX" envDefault:"modmono:"`
}

// Validate names each bad value by its variable; the URL is not echoed (it may hold a password).
func (c Config) Validate() error {
	var errs []error
	if c.URL != "" {
		if _, err := rueidis.ParseURL(c.URL); err != nil {
			errs = append(errs, config.Errorf("CACHE_URL", "must be redis://host:port[/db] (or rediss://)"))
		}
	}
	if c.Timeout < time.Millisecond {
		errs = append(errs, config.Errorf("CACHE_TIMEOUT", "%s is below 1ms", c.Timeout))
	}
	if c.TTL < time.Second {
		errs = append(errs, config.Errorf("CACHE_TTL", "%s is below 1s", c.TTL))
	}
	if c.NotFoundTTL < 0 || c.NotFoundTTL > c.TTL {
		errs = append(errs, config.Errorf("CACHE_NOT_FOUND_TTL", "%s is outside 0..CACHE_TTL", c.NotFoundTTL))
	}
	return errors.Join(errs...)
}

// invalidateTimeout is longer than Timeout: a missed invalidation leaves stale entries until the
// TTL, so a commit waits a little for Redis rather than risk that.
const invalidateTimeout = time.Second

// Cache is a Redis-backed cache of query answers. A nil *Cache caches nothing: Get loads and
// Invalidate does nothing, so callers need no "is there a cache" branches.
type Cache struct {
	cfg     Config
	logger  *slog.Logger
	metrics *metrics
	group   singleflight.Group

	mu     sync.Mutex
	client rueidis.Client // nil until the first successful connection
	closed bool

	// invalidatedAt is when this process last invalidated each namespace: Redis tells the
	// process's other connections of the new generation asynchronously, so for a moment after
	// its own invalidation the process reads the generation from Redis, not from memory, and
	// a client reads its write back at once.
	invalidatedAt sync.Map // namespace → time.Time
	// pending holds the namespaces whose invalidation Redis has not taken yet (guarded by mu),
	// true when another commit came while an attempt was under way: this process reads them from
	// the database meanwhile, rather than serve what the change made stale.
	pending map[string]bool

	epochs sync.Map // namespace → *atomic.Int64, see epoch

	// stored holds what this process stored lately: the miss that preceded it left "no such
	// key" in memory until Redis's push about the store arrives, and the next read must not
	// pay the database again for that.
	stored recentValues

	retries sync.WaitGroup
	stop    chan struct{}
}

// Open returns the cache cfg describes, or nil when cfg.URL is empty. It does not wait for
// Redis: a cache that is down at start is connected to later, and skipped until then.
func Open(cfg Config, reg prometheus.Registerer, logger *slog.Logger) (*Cache, error) {
	if cfg.URL == "" {
		return nil, nil
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m, err := newMetrics(reg)
	if err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	c := &Cache{cfg: cfg, logger: logger, metrics: m, stop: make(chan struct{}), pending: map[string]bool{}}
	if err := c.connect(); err != nil {
		logger.Warn("cache unreachable at start; queries go to the database until it answers", "error", err)
		c.retries.Add(1)
		go c.connectLater()
	}
	return c, nil
}

// connectLater connects in the background, so that no request waits on a Redis that is down
// or silent at start.
func (c *Cache) connectLater() {
	defer c.retries.Done()
	ticker := time.NewTicker(reconnectEvery)
	defer ticker.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-ticker.C:
		}
		if err := c.connect(); err == nil {
			c.logger.Info("cache connected")
			return
		}
	}
}

// connect makes the client. Once made, rueidis reconnects by itself (and drops what it kept in
// memory when a connection breaks).
func (c *Cache) connect() error {
	opt, err := rueidis.ParseURL(c.cfg.URL)
	if err != nil {
		return err
	}
	opt.Dialer.Timeout = max(c.cfg.Timeout, 100*time.Millisecond)
	opt.ConnWriteTimeout = max(c.cfg.Timeout, time.Second)
	// One pipelined connection carries the misses and invalidations (hits never reach it),
	// with a bounded share of memory for what it keeps.
	opt.PipelineMultiplex = 0
	opt.CacheSizeEachConn = cacheBytes
	client, err := rueidis.NewClient(opt)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		client.Close()
		return nil
	}
	c.client = client
	return nil
}

// Close stops the invalidation retries and closes the connection.
func (c *Cache) Close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	close(c.stop)
	client := c.client
	c.mu.Unlock()
	c.retries.Wait()
	if client != nil {
		client.Close()
	}
}

// reconnectEvery spaces the connection attempts while Redis has not answered since the start.
const reconnectEvery = time.Second

var errUnavailable = errors.New("cache not connected")

// cacheBytes bounds the entries a process keeps in memory; the catalogue's hot set is far
// smaller, and what does not fit is read from Redis.
const cacheBytes = 64 << 20

// Client is the connection to Redis for other uses of the same server (read-your-writes
// positions), so that a process holds one Redis client; an error while there is none yet.
func (c *Cache) Client() (rueidis.Client, error) {
	if c == nil {
		return nil, errUnavailable
	}
	return c.conn()
}

// conn returns the client, or errUnavailable until a connection has been made.
func (c *Cache) conn() (rueidis.Client, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.client == nil {
		return nil, errUnavailable
	}
	return c.client, nil
}

// Query describes one cacheable read: Load runs on a miss, at most once at a time per key in
// this process, and its answer is kept under Key in Namespace.
type Query[T any] struct {
	Namespace string
	Key       string
	Load      func(ctx context.Context) (T, error)
	// IsNotFound marks the Load errors to remember for NotFoundTTL; NotFound rebuilds such an
	// error when it is read back. Both nil: no negative caching.
	IsNotFound func(error) bool
	NotFound   func() error
}

// Entry markers: a found value is 'v' and its JSON, a remembered "not found" is 'n'.
const (
	markValue    = 'v'
	markNotFound = 'n'
)

// Get answers q from the cache, or loads it and keeps the answer. Errors of the cache are
// counted and logged, never returned: only Load's errors are.
func Get[T any](ctx context.Context, c *Cache, q Query[T]) (T, error) {
	if c == nil {
		return q.Load(ctx)
	}
	if c.isPending(q.Namespace) {
		return load(ctx, c, q, "")
	}
	client, err := c.conn()
	if err != nil {
		c.metrics.errors.WithLabelValues(q.Namespace, "connect").Inc()
		return load(ctx, c, q, "")
	}
	gen, err := c.generation(ctx, client, q.Namespace)
	if err != nil {
		c.failed(q.Namespace, "get", err)
		return load(ctx, c, q, "")
	}
	key := c.entryKey(q.Namespace, gen, q.Key)
	raw, ok := c.stored.get(key)
	if !ok {
		cctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
		raw, err = client.DoCache(cctx, client.B().Get().Key(key).Cache(), c.cfg.TTL).ToString()
		cancel()
	}
	switch {
	case rueidis.IsRedisNil(err):
	case err != nil:
		c.failed(q.Namespace, "get", err)
		return load(ctx, c, q, "")
	case len(raw) > 0 && raw[0] == markNotFound && q.NotFound != nil:
		c.metrics.requests.WithLabelValues(q.Namespace, "hit").Inc()
		var zero T
		return zero, q.NotFound()
	case len(raw) > 0 && raw[0] == markValue:
		var v T
		if err := json.Unmarshal([]byte(raw[1:]), &v); err == nil {
			c.metrics.requests.WithLabelValues(q.Namespace, "hit").Inc()
			return v, nil
		}
		c.failed(q.Namespace, "decode", err)
	}
	return load(ctx, c, q, key)
}

// load runs q.Load once for every caller missing the same key together, and stores the answer
// under key unless key is empty (the cache did not answer).
func load[T any](ctx context.Context, c *Cache, q Query[T], key string) (T, error) {
	c.metrics.requests.WithLabelValues(q.Namespace, "miss").Inc()
	// A caller joins only a query that started after the last change it could know of: the
	// stored key carries the generation, and the epoch counts this process's invalidations
	// (which matter when Redis did not answer), so a write is never answered by a read that
	// began before it.
	flight := key + "\x00" + strconv.FormatInt(c.epoch(q.Namespace).Load(), 10) + "\x00" + q.Namespace + "\x00" + q.Key
	results := c.group.DoChan(flight, func() (any, error) {
		// The query serves every caller waiting on it: the first one going away (a client that
		// hangs up) must not fail the others, but its deadline still bounds the query.
		lctx, cancel := context.WithoutCancel(ctx), context.CancelFunc(func() {})
		if deadline, ok := ctx.Deadline(); ok {
			lctx, cancel = context.WithDeadline(lctx, deadline)
		}
		defer cancel()
		v, err := q.Load(lctx)
		if key != "" {
			c.store(lctx, q, key, v, err)
		}
		return v, err
	})
	var zero T
	select {
	case <-ctx.Done():
		return zero, ctx.Err()
	case r := <-results:
		if r.Err != nil {
			return zero, r.Err
		}
		return r.Val.(T), nil
	}
}

func (c *Cache) store(ctx context.Context, q queryInfo, key string, v any, loadErr error) {
	var (
		raw string
		ttl time.Duration
	)
	switch {
	case loadErr == nil:
		b, err := json.Marshal(v)
		if err != nil {
			c.failed(q.namespace(), "encode", err)
			return
		}
		raw, ttl = string(markValue)+string(b), c.cfg.TTL
	case q.notFound(loadErr) && c.cfg.NotFoundTTL > 0:
		raw, ttl = string(markNotFound), c.cfg.NotFoundTTL
	default:
		return
	}
	client, err := c.conn()
	if err != nil {
		return
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.cfg.Timeout)
	defer cancel()
	if err := client.Do(cctx, client.B().Set().Key(key).Value(raw).Px(ttl).Build()).Error(); err != nil {
		c.failed(q.namespace(), "set", err)
		return
	}
	c.stored.put(key, raw)
}

// recentValues keeps values for between ownInvalidationWindow and twice that: two maps, the
// older dropped whole when the newer is full of age. Keys carry their generation, so a value
// here is never one an invalidation retired.
type recentValues struct {
	mu        sync.Mutex
	cur, prev map[string]string
	since     time.Time
}

func (r *recentValues) rotate() {
	if now := time.Now(); now.Sub(r.since) > ownInvalidationWindow {
		r.prev, r.cur, r.since = r.cur, map[string]string{}, now
	}
}

func (r *recentValues) put(key, raw string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rotate()
	r.cur[key] = raw
}

func (r *recentValues) get(key string) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rotate()
	if raw, ok := r.cur[key]; ok {
		return raw, true
	}
	raw, ok := r.prev[key]
	return raw, ok
}

// queryInfo is what store needs of a Query, without its type parameter.
type queryInfo interface {
	namespace() string
	notFound(error) bool
}

func (q Query[T]) namespace() string { return q.Namespace }
func (q Query[T]) notFound(err error) bool {
	return q.IsNotFound != nil && q.NotFound != nil && q.IsNotFound(err)
}

func (c *Cache) genKey(ns string) string { return c.cfg.Prefix + ns + ":gen" }

func (c *Cache) entryKey(ns, gen, key string) string {
	return c.cfg.Prefix + ns + ":" + gen + ":" + key
}

// generation reads ns's current generation, creating one when there is none (first use, or
// evicted): a fresh random one, never one an old entry could still be stored under.
func (c *Cache) generation(ctx context.Context, client rueidis.Client, ns string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	var (
		gen string
		err error
	)
	if at, ok := c.invalidatedAt.Load(ns); ok && time.Since(at.(time.Time)) < ownInvalidationWindow {
		gen, err = client.Do(ctx, client.B().Get().Key(c.genKey(ns)).Build()).ToString()
	} else {
		gen, err = client.DoCache(ctx, client.B().Get().Key(c.genKey(ns)).Cache(), c.cfg.TTL).ToString()
	}
	if !rueidis.IsRedisNil(err) {
		return gen, err
	}
	fresh := newGeneration()
	err = client.Do(ctx, client.B().Set().Key(c.genKey(ns)).Value(fresh).Nx().Build()).Error()
	if err == nil {
		return fresh, nil
	}
	if !rueidis.IsRedisNil(err) { // SET NX answers nil when the key exists
		return "", err
	}
	// Someone else created it first: read theirs.
	return client.Do(ctx, client.B().Get().Key(c.genKey(ns)).Build()).ToString()
}

func newGeneration() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Invalidate makes every entry of ns unreachable, on every replica, by giving ns a new
// generation; call it after the commit that changed ns's data. When Redis does not take it, it
// is retried in the background until the TTL would have expired the entries anyway.
func (c *Cache) Invalidate(ctx context.Context, ns string) {
	if c == nil {
		return
	}
	c.metrics.invalidations.WithLabelValues(ns).Inc()
	c.epoch(ns).Add(1)
	if err := c.invalidate(ctx, ns); err == nil {
		return
	} else {
		c.failed(ns, "invalidate", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, retrying := c.pending[ns]; retrying {
		c.pending[ns] = true // the retry under way makes one more attempt, after this commit
		return
	}
	if c.closed {
		return
	}
	c.pending[ns] = false
	c.retries.Add(1)
	go c.retryInvalidate(context.WithoutCancel(ctx), ns)
}

// epoch is the number of this process's invalidations of ns.
func (c *Cache) epoch(ns string) *atomic.Int64 {
	if e, ok := c.epochs.Load(ns); ok {
		return e.(*atomic.Int64)
	}
	e, _ := c.epochs.LoadOrStore(ns, new(atomic.Int64))
	return e.(*atomic.Int64)
}

func (c *Cache) isPending(ns string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.pending[ns]
	return ok
}

// retryEvery is short: once Redis is back, the other replicas serve the entries this change
// made stale until the retry goes through.
const retryEvery = 200 * time.Millisecond

func (c *Cache) invalidate(ctx context.Context, ns string) error {
	client, err := c.conn()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), invalidateTimeout)
	defer cancel()
	err = client.Do(ctx, client.B().Set().Key(c.genKey(ns)).Value(newGeneration()).Build()).Error()
	if err == nil {
		c.invalidatedAt.Store(ns, time.Now())
	}
	return err
}

// ownInvalidationWindow is far longer than Redis takes to push an invalidation to a client.
const ownInvalidationWindow = 2 * time.Second

func (c *Cache) retryInvalidate(ctx context.Context, ns string) {
	defer c.retries.Done()
	ticker := time.NewTicker(retryEvery)
	defer ticker.Stop()
	for deadline := time.Now().Add(c.cfg.TTL); time.Now().Before(deadline); {
		select {
		case <-c.stop:
			return
		case <-ticker.C:
		}
		c.mu.Lock()
		c.pending[ns] = false
		c.mu.Unlock()
		if err := c.invalidate(ctx, ns); err != nil {
			continue
		}
		c.mu.Lock()
		again := c.pending[ns] // a commit failed to invalidate during this attempt
		if !again {
			delete(c.pending, ns) // under the same lock: a later failure starts a new retry
		}
		c.mu.Unlock()
		if !again {
			c.logger.Info("cache invalidation went through after retries", "namespace", ns)
			return
		}
	}
	c.mu.Lock()
	delete(c.pending, ns) // ours: no other retry starts while it is there
	c.mu.Unlock()
	c.logger.Error("cache invalidation given up; entries expire with CACHE_TTL", "namespace", ns)
}

func (c *Cache) failed(ns, op string, err error) {
	c.metrics.errors.WithLabelValues(ns, op).Inc()
	c.logger.Debug("cache skipped", "namespace", ns, "op", op, "error", err)
}

// String names the cache without its URL, which may hold a password.
func (c *Cache) String() string {
	if c == nil {
		return "cache(off)"
	}
	return fmt.Sprintf("cache(prefix %q)", c.cfg.Prefix)
}
