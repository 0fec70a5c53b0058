package e2e_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modmono/platform/cache/cachetest"
	"github.com/modmono/platform/dbtest"
)

func redisAddr() string {
	if u, err := url.Parse(os.Getenv("CACHE_TEST_URL")); err == nil && u.Host != "" {
		return u.Host
	}
	return "127.0.0.1:6379"
}

// TestGatewayCache runs two built gateways on one PostgreSQL database and one Redis (through a
// proxy the test can cut), as Stage 3 deploys them: a cached read runs no SQL, a price changed
// on one replica is read back at once there and within moments on the other, and Redis cut off
// mid-traffic costs no request a 5xx and leaves no stale price behind once it is back.
func TestGatewayCache(t *testing.T) {
	t.Parallel()
	pg, err := url.Parse(postgresServerURL())
	if err != nil {
		t.Fatal(err)
	}
	requireService(t, "PostgreSQL", pg.Host)
	requireService(t, "Redis", redisAddr())
	run := randomName(t)
	redis := dbtest.NewTCPProxy(t, redisAddr())
	cachetest.DeleteWhenDone(t, "e2e:"+run+":")
	const adminEmail, adminPassword = "cache-admin@example.com", "cache admin passphrase"
	env := []string{"DATABASE_URL=" + createDatabase(t, "e2e_"+run+"_cache"),
		"JWT_SIGNING_KEY_FILE=" + filepath.Join(t.TempDir(), "jwt.pem"),
		"BOOTSTRAP_ADMIN_EMAIL=" + adminEmail, "BOOTSTRAP_ADMIN_PASSWORD=" + adminPassword,
		"CACHE_URL=redis://" + redis.Addr() + "/0", "CACHE_PREFIX=e2e:" + run + ":", "CACHE_TIMEOUT=50ms",
		"SQL_STATEMENT_HEADER=true", "DB_POOL_MAX=3"}
	a := startProcess(t, gatewayBinary(t), freeAddr(t), env...)
	b := startProcess(t, gatewayBinary(t), freeAddr(t), env...)
	anonA, anonB := newClient(t, a.URL), newClient(t, b.URL)
	admin := login(t, anonA, adminEmail, adminPassword)

	var product struct{ ID string }
	r := anonA.withToken(admin).do(http.MethodPost, "/api/v1/products", map[string]any{
		"sku": "CACHED-MUG", "name": "Mug", "price": map[string]any{"amount": 1250, "currency": "EUR"}})
	expect(t, "create product", r, http.StatusCreated, "")
	r.json(t, &product)
	path := "/api/v1/products/" + product.ID
	price := func(api *client) int64 {
		t.Helper()
		r := api.do(http.MethodGet, path, nil)
		expect(t, "get product", r, http.StatusOK, "")
		var p struct{ Price struct{ Amount int64 } }
		r.json(t, &p)
		return p.Price.Amount
	}
	setPrice := func(api *client, amount int64) {
		t.Helper()
		expect(t, "change price", api.withToken(admin).do(http.MethodPatch, path,
			map[string]any{"price": map[string]any{"amount": amount, "currency": "EUR"}}), http.StatusOK, "")
	}
	within := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(3 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("not within 3 s: %s", what)
			}
		}
	}

	t.Log("a second read is a hit: no SQL")
	price(anonA)
	price(anonB)
	if r := anonA.do(http.MethodGet, path, nil); r.Header.Get("X-SQL-Statements") != "0" {
		t.Fatalf("cached read ran %s SQL statements; want 0", r.Header.Get("X-SQL-Statements"))
	}

	t.Log("a price change is read back at once, and on the other replica")
	setPrice(anonA, 990)
	if p := price(anonA); p != 990 {
		t.Fatalf("read back %d; want 990", p)
	}
	within("replica b serves 990", func() bool { return price(anonB) == 990 })
	setPrice(anonB, 980)
	if p := price(anonB); p != 980 {
		t.Fatalf("read back %d on b; want 980", p)
	}
	within("replica a serves 980", func() bool { return price(anonA) == 980 })

	t.Log("Redis cut off mid-traffic: no 5xx, a change during the outage, no stale price after it")
	var (
		wg      sync.WaitGroup
		stop    = make(chan struct{})
		mu      sync.Mutex
		bad     []string
		answers int
	)
	for _, base := range []string{a.URL, b.URL} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hc := &http.Client{Timeout: 5 * time.Second}
			for {
				select {
				case <-stop:
					return
				default:
				}
				for _, p := range []string{path, "/api/v1/products", "/api/v1/products/" + product.ID[:len(product.ID)-4] + "0000"} {
					resp, err := hc.Get(base + p)
					mu.Lock()
					switch {
					case err != nil:
						bad = append(bad, p+": "+err.Error())
					case resp.StatusCode >= 500:
						bad = append(bad, p+": "+strconv.Itoa(resp.StatusCode))
					default:
						answers++
					}
					mu.Unlock()
					if err == nil {
						resp.Body.Close()
					}
				}
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	redis.Stop()
	time.Sleep(300 * time.Millisecond)
	setPrice(anonA, 700)
	if p := price(anonA); p != 700 {
		t.Fatalf("during the outage, read back %d; want 700", p)
	}
	within("replica b serves 700 during the outage", func() bool { return price(anonB) == 700 })
	time.Sleep(300 * time.Millisecond)
	redis.Start(t)
	// Once Redis is back, the replica that made the change retries its invalidation (every
	// 200 ms); until then the other may serve what it cached before: a moment, never for good.
	within("both replicas serve 700 from the cache again", func() bool {
		ra, rb := anonA.do(http.MethodGet, path, nil), anonB.do(http.MethodGet, path, nil)
		return ra.Header.Get("X-SQL-Statements") == "0" && rb.Header.Get("X-SQL-Statements") == "0" &&
			price(anonA) == 700 && price(anonB) == 700
	})
	for i := range 10 {
		for name, api := range map[string]*client{"a": anonA, "b": anonB} {
			if p := price(api); p != 700 {
				for _, api := range []*client{anonA, anonB} {
					for _, line := range strings.Split(string(api.do(http.MethodGet, "/metrics", nil).Body), "\n") {
						if strings.HasPrefix(line, "cache_") {
							t.Log(api.base, line)
						}
					}
				}
				t.Fatalf("after the outage, read %d on replica %s: stale price %d; want 700", i, name, p)
			}
		}
	}
	close(stop)
	wg.Wait()
	if len(bad) > 0 {
		t.Fatalf("%d of %d reads failed while Redis was cut off, for example %v", len(bad), answers+len(bad), bad[0])
	}
	metrics := anonA.do(http.MethodGet, "/metrics", nil)
	for _, series := range []string{"cache_requests_total{namespace=\"orders:catalogue\",result=\"hit\"}", "cache_errors_total{"} {
		if !strings.Contains(string(metrics.Body), series) {
			t.Fatalf("/metrics has no %s", series)
		}
	}
	t.Logf("%d reads during the outage test, none failed", answers)
}
