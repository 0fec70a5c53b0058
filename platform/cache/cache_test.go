package cache_test

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/modmono/platform/cache"
	"github.com/modmono/platform/cache/cachetest"
	"github.com/modmono/platform/dbtest"
)

var errNotFound = errors.New("not found")

type item struct {
	Name  string
	Price int64
}

// source is a fake database: it counts its queries and answers what it holds now.
type source struct {
	mu      sync.Mutex
	items   map[string]item
	queries atomic.Int64
	gate    chan struct{} // when set, each query waits for it to close
}

func (s *source) query(key string) cache.Query[item] {
	return cache.Query[item]{Namespace: "catalogue", Key: key,
		Load: func(context.Context) (item, error) {
			s.queries.Add(1)
			if s.gate != nil {
				<-s.gate
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			if key == "broken" {
				return item{}, errors.New("database down")
			}
			it, ok := s.items[key]
			if !ok {
				return item{}, errNotFound
			}
			return it, nil
		},
		IsNotFound: func(err error) bool { return errors.Is(err, errNotFound) },
		NotFound:   func() error { return errNotFound },
	}
}

func (s *source) set(key string, it item) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[key] = it
}

func TestGet(t *testing.T) {
	t.Parallel()
	type step struct {
		key         string
		change      *item // set in the source, then Invalidate, before the read
		want        item
		wantErr     error
		wantQueries int64 // the source's total after the step
	}
	mug := item{Name: "Mug", Price: 1250}
	cheaper := item{Name: "Mug", Price: 990}
	cases := []struct {
		name  string
		steps []step
	}{
		{"a miss loads once, then hits", []step{
			{key: "mug", want: mug, wantQueries: 1},
			{key: "mug", want: mug, wantQueries: 1},
			{key: "mug", want: mug, wantQueries: 1},
		}},
		{"a change is read back at once after the invalidation", []step{
			{key: "mug", want: mug, wantQueries: 1},
			{key: "mug", change: &cheaper, want: cheaper, wantQueries: 2},
			{key: "mug", want: cheaper, wantQueries: 2},
		}},
		{"not found is remembered", []step{
			{key: "missing", wantErr: errNotFound, wantQueries: 1},
			{key: "missing", wantErr: errNotFound, wantQueries: 1},
		}},
		{"a creation ends the remembered not found", []step{
			{key: "new", wantErr: errNotFound, wantQueries: 1},
			{key: "new", change: &mug, want: mug, wantQueries: 2},
		}},
		{"other errors are not cached", []step{
			{key: "broken", wantErr: errors.New("database down"), wantQueries: 1},
			{key: "broken", wantErr: errors.New("database down"), wantQueries: 2},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			reg := prometheus.NewRegistry()
			c := cachetest.Open(t, cachetest.Config(t), reg)
			src := &source{items: map[string]item{"mug": mug}}
			ctx := context.Background()
			for i, s := range tc.steps {
				if s.change != nil {
					src.set(s.key, *s.change)
					c.Invalidate(ctx, "catalogue")
				}
				got, err := cache.Get(ctx, c, src.query(s.key))
				if (err == nil) != (s.wantErr == nil) || (err != nil && err.Error() != s.wantErr.Error()) {
					t.Fatalf("step %d: error %v; want %v", i, err, s.wantErr)
				}
				if got != s.want {
					t.Fatalf("step %d: got %+v; want %+v", i, got, s.want)
				}
				if n := src.queries.Load(); n != s.wantQueries {
					t.Fatalf("step %d: %d queries; want %d", i, n, s.wantQueries)
				}
			}
			if e := cachetest.Counter(t, reg, "cache_errors_total", nil); e != 0 {
				t.Fatalf("cache_errors_total = %v; want 0", e)
			}
			var hits, prev int64
			for _, s := range tc.steps {
				if s.wantQueries == prev {
					hits++
				}
				prev = s.wantQueries
			}
			if h := cachetest.Counter(t, reg, "cache_requests_total", map[string]string{"result": "hit"}); h != float64(hits) {
				t.Fatalf("cache_requests_total{result=hit} = %v; want %d", h, hits)
			}
		})
	}
}

// TestInvalidationReachesEveryReplica: two caches on one Redis stand for two gateway replicas;
// a change committed through one is never served stale by the other.
func TestInvalidationReachesEveryReplica(t *testing.T) {
	t.Parallel()
	cfg := cachetest.Config(t)
	a, b := cachetest.Open(t, cfg, nil), cachetest.Open(t, cfg, nil)
	src := &source{items: map[string]item{"mug": {Name: "Mug", Price: 1250}}}
	ctx := context.Background()
	for _, c := range []*cache.Cache{a, b, a, b} { // both hold the entry in memory now
		if got, err := cache.Get(ctx, c, src.query("mug")); err != nil || got.Price != 1250 {
			t.Fatalf("Get = %+v, %v", got, err)
		}
	}
	if n := src.queries.Load(); n != 1 {
		t.Fatalf("%d queries for two replicas; want 1 (the second reads what the first stored)", n)
	}
	src.set("mug", item{Name: "Mug", Price: 990})
	a.Invalidate(ctx, "catalogue")
	if got, _ := cache.Get(ctx, a, src.query("mug")); got.Price != 990 {
		t.Fatalf("the invalidating replica read %d; want 990 at once", got.Price)
	}
	cachetest.Eventually(t, "the other replica reads the new price", func() bool {
		got, _ := cache.Get(ctx, b, src.query("mug"))
		return got.Price == 990
	})
}

// TestConcurrentMissesQueryOnce: many requests missing the same key together cost one query.
func TestConcurrentMissesQueryOnce(t *testing.T) {
	t.Parallel()
	for _, n := range []int{2, 50} {
		t.Run("", func(t *testing.T) {
			t.Parallel()
			c := cachetest.Open(t, cachetest.Config(t), nil)
			src := &source{items: map[string]item{"mug": {Name: "Mug"}}, gate: make(chan struct{})}
			var started, done sync.WaitGroup
			errs := make(chan error, n)
			for range n {
				started.Add(1)
				done.Add(1)
				go func() {
					defer done.Done()
					started.Done()
					if _, err := cache.Get(context.Background(), c, src.query("mug")); err != nil {
						errs <- err
					}
				}()
			}
			started.Wait()
			cachetest.Eventually(t, "the first query starts", func() bool { return src.queries.Load() > 0 })
			time.Sleep(200 * time.Millisecond) // let the others join the one in flight
			close(src.gate)
			done.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			if q := src.queries.Load(); q != 1 {
				t.Fatalf("%d concurrent misses made %d queries; want 1", n, q)
			}
		})
	}
}

// TestRedisDownAnswersFromTheDatabase: a Redis that refuses, stops mid-traffic or never answers
// costs hits, never answers: every read is served by the source and the failures are counted.
func TestRedisDownAnswersFromTheDatabase(t *testing.T) {
	t.Parallel()
	blackHole := func(t *testing.T) string { // accepts connections, never answers
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { l.Close() })
		go func() {
			for {
				conn, err := l.Accept()
				if err != nil {
					return
				}
				t.Cleanup(func() { conn.Close() })
			}
		}()
		return l.Addr().String()
	}
	closedPort := func(t *testing.T) string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		return addr
	}
	cases := []struct {
		name string
		// setup returns the Redis address to use and what to do after a first read
		setup func(t *testing.T) (addr string, afterFirst func())
	}{
		{"nothing listens", func(t *testing.T) (string, func()) { return closedPort(t), func() {} }},
		{"accepts but never answers", func(t *testing.T) (string, func()) { return blackHole(t), func() {} }},
		{"stopped mid-traffic", func(t *testing.T) (string, func()) {
			u, err := url.Parse(cachetest.URL())
			if err != nil {
				t.Fatal(err)
			}
			proxy := dbtest.NewTCPProxy(t, u.Host)
			return proxy.Addr(), proxy.Stop
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := cachetest.Config(t)
			cfg.Timeout = 50 * time.Millisecond
			addr, afterFirst := tc.setup(t)
			cfg.URL = "redis://" + addr + "/0"
			reg := prometheus.NewRegistry()
			c := cachetest.Open(t, cfg, reg)
			src := &source{items: map[string]item{"mug": {Name: "Mug", Price: 1250}}}
			ctx := context.Background()
			for i := range 5 {
				got, err := cache.Get(ctx, c, src.query("mug"))
				if err != nil || got.Price != 1250 {
					t.Fatalf("read %d: %+v, %v; want the source's answer", i, got, err)
				}
				if i == 0 {
					afterFirst()
				}
				src.set("mug", item{Name: "Mug", Price: 1250})
			}
			if _, err := cache.Get(ctx, c, src.query("missing")); !errors.Is(err, errNotFound) {
				t.Fatalf("missing: %v; want the source's not found", err)
			}
			c.Invalidate(ctx, "catalogue") // must not block or fail the commit
			if e := cachetest.Counter(t, reg, "cache_errors_total", nil); e == 0 {
				t.Fatal("no cache error counted")
			}
		})
	}
}

func TestNilCacheLoads(t *testing.T) {
	t.Parallel()
	c, err := cache.Open(cache.Config{}, nil, nil)
	if err != nil || c != nil {
		t.Fatalf("Open without URL = %v, %v; want no cache", c, err)
	}
	src := &source{items: map[string]item{"mug": {Name: "Mug"}}}
	for range 2 {
		if _, err := cache.Get(context.Background(), c, src.query("mug")); err != nil {
			t.Fatal(err)
		}
	}
	c.Invalidate(context.Background(), "catalogue")
	if q := src.queries.Load(); q != 2 {
		t.Fatalf("%d queries; want 2 (no cache)", q)
	}
}

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	good := cache.Config{URL: "redis://127.0.0.1:6379/0", Timeout: 50 * time.Millisecond, TTL: time.Minute, NotFoundTTL: time.Second}
	cases := []struct {
		name    string
		change  func(*cache.Config)
		wantVar string
	}{
		{"good", func(*cache.Config) {}, ""},
		{"off", func(c *cache.Config) { c.URL = "" }, ""},
		{"not redis", func(c *cache.Config) { c.URL = "http://x" }, "CACHE_URL"},
		{"no timeout", func(c *cache.Config) { c.Timeout = 0 }, "CACHE_TIMEOUT"},
		{"tiny ttl", func(c *cache.Config) { c.TTL = time.Millisecond }, "CACHE_TTL"},
		{"negative ttl longer than ttl", func(c *cache.Config) { c.NotFoundTTL = time.Hour }, "CACHE_NOT_FOUND_TTL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := good
			tc.change(&cfg)
			err := cfg.Validate()
			if (err == nil) != (tc.wantVar == "") || (err != nil && !strings.Contains(err.Error(), tc.wantVar)) {
				t.Fatalf("Validate() = %v; want an error naming %q", err, tc.wantVar)
			}
		})
	}
}

// TestLeavingCallerDoesNotFailOthers: the caller whose miss runs the query hangs up; the query
// goes on for the others waiting on it, and they get its answer.
func TestLeavingCallerDoesNotFailOthers(t *testing.T) {
	t.Parallel()
	c := cachetest.Open(t, cachetest.Config(t), nil)
	src := &source{items: map[string]item{"mug": {Name: "Mug", Price: 1250}}, gate: make(chan struct{})}
	first, hangUp := context.WithCancel(context.Background())
	firstErr := make(chan error, 1)
	go func() {
		_, err := cache.Get(first, c, src.query("mug"))
		firstErr <- err
	}()
	cachetest.Eventually(t, "the first query starts", func() bool { return src.queries.Load() > 0 })
	second := make(chan item, 1)
	go func() {
		got, err := cache.Get(context.Background(), c, src.query("mug"))
		if err != nil {
			t.Error(err)
		}
		second <- got
	}()
	time.Sleep(100 * time.Millisecond) // let the second join the query in flight
	hangUp()
	if err := <-firstErr; !errors.Is(err, context.Canceled) {
		t.Fatalf("the caller that hung up got %v; want context.Canceled", err)
	}
	close(src.gate)
	if got := <-second; got.Price != 1250 {
		t.Fatalf("the other caller got %+v; want the product", got)
	}
	if q := src.queries.Load(); q != 1 {
		t.Fatalf("%d queries; want 1", q)
	}
}

// TestNoStaleEntryAfterAnOutage: a change committed while Redis is unreachable cannot take its
// invalidation at once; the replica that made it reads the database meanwhile, and once Redis is
// back the retry leaves no replica serving the entry the change made stale.
func TestNoStaleEntryAfterAnOutage(t *testing.T) {
	t.Parallel()
	u, err := url.Parse(cachetest.URL())
	if err != nil {
		t.Fatal(err)
	}
	proxy := dbtest.NewTCPProxy(t, u.Host)
	cfg := cachetest.Config(t)
	cfg.URL, cfg.Timeout = "redis://"+proxy.Addr()+"/0", 100*time.Millisecond
	reg := prometheus.NewRegistry()
	a, b := cachetest.Open(t, cfg, reg), cachetest.Open(t, cfg, reg)
	src := &source{items: map[string]item{"mug": {Name: "Mug", Price: 1250}}}
	ctx := context.Background()
	price := func(c *cache.Cache) int64 {
		got, err := cache.Get(ctx, c, src.query("mug"))
		if err != nil {
			t.Fatal(err)
		}
		return got.Price
	}
	for _, c := range []*cache.Cache{a, b, a, b} {
		if p := price(c); p != 1250 {
			t.Fatalf("price %d; want 1250", p)
		}
	}
	proxy.Stop()
	src.set("mug", item{Name: "Mug", Price: 990})
	a.Invalidate(ctx, "catalogue")
	if p := price(a); p != 990 {
		t.Fatalf("during the outage, the replica that changed it: price %d; want 990 at once", p)
	}
	// The other replica learns of the outage when its connection breaks (at once here; a
	// silent network takes up to its keepalive), and drops what it kept in memory.
	cachetest.Eventually(t, "the other replica reads the database", func() bool { return price(b) == 990 })
	proxy.Start(t)
	cachetest.Eventually(t, "the retried invalidation reaches Redis", func() bool {
		return cachetest.Counter(t, reg, "cache_invalidations_total", nil) >= 1 && price(b) == 990
	})
	for range 5 { // and neither replica serves the old price again, hits or not
		for _, c := range []*cache.Cache{a, b} {
			if p := price(c); p != 990 {
				t.Fatalf("after the outage: stale price %d", p)
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if e := cachetest.Counter(t, reg, "cache_errors_total", map[string]string{"op": "invalidate"}); e == 0 {
		t.Fatal("the failed invalidation was not counted")
	}
}

// TestAReadAfterAChangeDoesNotJoinAnOlderQuery: a query in flight when a change commits started
// before it; a read after the invalidation runs a query of its own instead of taking that one's
// answer.
func TestAReadAfterAChangeDoesNotJoinAnOlderQuery(t *testing.T) {
	t.Parallel()
	for _, redisUp := range []bool{true, false} {
		t.Run(map[bool]string{true: "Redis up", false: "Redis down"}[redisUp], func(t *testing.T) {
			t.Parallel()
			cfg := cachetest.Config(t)
			if !redisUp {
				l, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					t.Fatal(err)
				}
				cfg.URL = "redis://" + l.Addr().String() + "/0"
				l.Close()
			}
			c := cachetest.Open(t, cfg, nil)
			var (
				mu      sync.Mutex
				price   int64 = 1250
				calls   atomic.Int64
				release = make(chan struct{})
			)
			q := cache.Query[item]{Namespace: "catalogue", Key: "mug", Load: func(context.Context) (item, error) {
				mu.Lock()
				p := price
				mu.Unlock()
				if calls.Add(1) == 1 {
					<-release // the old read, held until after the change
				}
				return item{Name: "Mug", Price: p}, nil
			}}
			old := make(chan item, 1)
			go func() {
				got, _ := cache.Get(context.Background(), c, q)
				old <- got
			}()
			cachetest.Eventually(t, "the old query starts", func() bool { return calls.Load() == 1 })
			mu.Lock()
			price = 990
			mu.Unlock()
			c.Invalidate(context.Background(), "catalogue")
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			got, err := cache.Get(ctx, c, q) // joining the old query would wait for it, and time out
			if err != nil || got.Price != 990 {
				t.Fatalf("read after the change = %+v, %v; want 990", got, err)
			}
			close(release)
			if got := <-old; got.Price != 1250 {
				t.Fatalf("the old read got %+v", got)
			}
		})
	}
}

// TestConnectsWhenRedisComesUp: a cache down at start is connected to in the background, and
// used once it answers; meanwhile the reads go to the source.
func TestConnectsWhenRedisComesUp(t *testing.T) {
	t.Parallel()
	u, err := url.Parse(cachetest.URL())
	if err != nil {
		t.Fatal(err)
	}
	proxy := dbtest.NewTCPProxy(t, u.Host)
	proxy.Stop()
	cfg := cachetest.Config(t)
	cfg.URL = "redis://" + proxy.Addr() + "/0"
	reg := prometheus.NewRegistry()
	c := cachetest.Open(t, cfg, reg)
	src := &source{items: map[string]item{"mug": {Name: "Mug", Price: 1250}}}
	for range 3 {
		if got, err := cache.Get(context.Background(), c, src.query("mug")); err != nil || got.Price != 1250 {
			t.Fatalf("while down: %+v, %v", got, err)
		}
	}
	if q := src.queries.Load(); q != 3 {
		t.Fatalf("%d queries while Redis is down; want 3", q)
	}
	proxy.Start(t)
	cachetest.Eventually(t, "reads hit the cache once Redis is up", func() bool {
		_, _ = cache.Get(context.Background(), c, src.query("mug"))
		return cachetest.Counter(t, reg, "cache_requests_total", map[string]string{"result": "hit"}) > 0
	})
}
