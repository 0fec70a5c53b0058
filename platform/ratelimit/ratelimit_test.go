package ratelimit_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/internal/servertest"
	"github.com/modmono/platform/ratelimit"
)

func TestParseRate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want ratelimit.Rate
		ok   bool
	}{
		{"20/1h", ratelimit.Rate{Requests: 20, Window: time.Hour}, true},
		{" 5/10m ", ratelimit.Rate{Requests: 5, Window: 10 * time.Minute}, true},
		{"off", ratelimit.Rate{}, true},
		{"OFF", ratelimit.Rate{}, true},
		{"1/1s", ratelimit.Rate{Requests: 1, Window: time.Second}, true},
		{"20", ratelimit.Rate{}, false},
		{"0/1h", ratelimit.Rate{}, false},
		{"-1/1h", ratelimit.Rate{}, false},
		{"20/h", ratelimit.Rate{}, false},
		{"20/500ms", ratelimit.Rate{}, false},
		{"20/25h", ratelimit.Rate{}, false},
		{"", ratelimit.Rate{}, false},
	} {
		got, err := ratelimit.ParseRate(tc.in)
		if tc.ok != (err == nil) || got != tc.want {
			t.Errorf("ParseRate(%q) = %v, %v; want %v, ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		a, b     string
		sameRule bool
		same     bool
	}{
		{"one IPv4 address", "203.0.113.9", "203.0.113.9", true, true},
		{"two IPv4 addresses", "203.0.113.9", "203.0.113.10", true, false},
		{"IPv4 and its IPv6-mapped form", "203.0.113.9", "::ffff:203.0.113.9", true, true},
		{"one IPv6 /64", "2001:db8:1:2::1", "2001:db8:1:2:ffff::9", true, true},
		{"two IPv6 /64s", "2001:db8:1:2::1", "2001:db8:1:3::1", true, false},
		{"one address under two rules", "203.0.113.9", "203.0.113.9", false, false},
	} {
		rule := "orders"
		if !tc.sameRule {
			rule = "payments"
		}
		ka, kb := ratelimit.Key("orders", tc.a), ratelimit.Key(rule, tc.b)
		if (ka == kb) != tc.same {
			t.Errorf("%s: Key(%s) = %s, Key(%s) = %s; want same=%v", tc.name, tc.a, ka, tc.b, kb, tc.same)
		}
		if strings.Contains(ka, tc.a) {
			t.Errorf("%s: key %s holds the address", tc.name, ka)
		}
	}
}

func eachDialect(t *testing.T, test func(t *testing.T, engines *db.Engines)) {
	t.Helper()
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			test(t, dbtest.OpenMigrated(t, d, "ratelimit", "ratelimit"))
		})
	}
}

func TestHitCountsExactlyAcrossParallelCallers(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, engines *db.Engines) {
		s := ratelimit.NewStore(engines)
		const n = 20
		got := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				hits, left, err := s.Hit(context.Background(), "k", time.Hour)
				if err != nil || left <= 59*time.Minute || left > time.Hour {
					t.Errorf("Hit = %d, %s, %v; want a count and about an hour left", hits, left, err)
				}
				got[i] = hits
			})
		}
		wg.Wait()
		slices.Sort(got)
		for i, v := range got {
			if v != i+1 {
				t.Fatalf("sorted counts %v; want each of 1..%d once", got, n)
			}
		}
		if hits, _, _ := s.Hit(context.Background(), "other", time.Hour); hits != 1 {
			t.Fatalf("another key's first hit = %d; want 1", hits)
		}
	})
}

func TestAnEndedWindowRestartsAndIsPurged(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, engines *db.Engines) {
		s := ratelimit.NewStore(engines)
		ctx := context.Background()
		for range 3 {
			if _, _, err := s.Hit(ctx, "k", time.Second); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := s.Hit(ctx, "open", time.Hour); err != nil {
			t.Fatal(err)
		}
		time.Sleep(1100 * time.Millisecond) // the one-second window ends on the database's clock
		if n, err := s.DeleteExpired(ctx); err != nil || n != 1 {
			t.Fatalf("DeleteExpired = %d, %v; want the one ended window", n, err)
		}
		if hits, _, _ := s.Hit(ctx, "k", time.Second); hits != 1 {
			t.Fatalf("first hit after the window = %d; want 1", hits)
		}
		if hits, _, _ := s.Hit(ctx, "open", time.Hour); hits != 2 {
			t.Fatalf("open window's next hit = %d; want 2 (kept)", hits)
		}
	})
}

// TestLimitIsSharedByInstances: two routers on one store, as two replicas on one database,
// share the count; past it both answer 429 with Retry-After, and another address is untouched.
func TestLimitIsSharedByInstances(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, engines *db.Engines) {
		reg := prometheus.NewPedanticRegistry()
		limiter, err := ratelimit.New(ratelimit.NewStore(engines), true).WithMetrics(reg)
		if err != nil {
			t.Fatal(err)
		}
		route := httpx.Route{Method: http.MethodPost, Path: "/limited",
			Handler: limiter.Limit("test", ratelimit.Rate{Requests: 3, Window: time.Hour})(func(c echo.Context) error {
				return c.NoContent(http.StatusNoContent)
			})}
		replicas := []*servertest.Server{servertest.New(t, httpserver.Config{}, route), servertest.New(t, httpserver.Config{}, route)}
		post := func(i int, addr string) *httptest.ResponseRecorder {
			req := httptest.NewRequest(http.MethodPost, "/limited", nil)
			req.RemoteAddr = addr + ":1234"
			return replicas[i%2].Do(req)
		}
		for i := range 3 {
			if rec := post(i, "203.0.113.9"); rec.Code != http.StatusNoContent {
				t.Fatalf("request %d: %d %s; want 204", i+1, rec.Code, rec.Body)
			}
		}
		for i := range 2 {
			rec := post(i, "203.0.113.9")
			p := servertest.DecodeProblem(t, rec)
			if rec.Code != http.StatusTooManyRequests || p.Code != "TOO_MANY_REQUESTS" || rec.Header().Get("Retry-After") == "" {
				t.Fatalf("over the limit on replica %d: %d %+v, Retry-After %q; want 429 TOO_MANY_REQUESTS with Retry-After",
					i, rec.Code, p, rec.Header().Get("Retry-After"))
			}
		}
		if rec := post(0, "198.51.100.7"); rec.Code != http.StatusNoContent {
			t.Fatalf("another address: %d; want 204", rec.Code)
		}
		want := `# HELP http_rate_limited_total Requests refused with 429 by a per-client limit, by rule.
# TYPE http_rate_limited_total counter
http_rate_limited_total{rule="test"} 2
`
		if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "http_rate_limited_total"); err != nil {
			t.Fatal(err)
		}
	})
}

func TestDisabledOrOffLimitsNothing(t *testing.T) {
	t.Parallel()
	engines := dbtest.OpenMigrated(t, db.SQLite, "ratelimit", "ratelimit")
	for name, mw := range map[string]echo.MiddlewareFunc{
		"RATE_LIMITS=off": ratelimit.New(ratelimit.NewStore(engines), false).Limit("a", ratelimit.Rate{Requests: 1, Window: time.Hour}),
		"the rule is off": ratelimit.New(ratelimit.NewStore(engines), true).Limit("b", ratelimit.Rate{}),
	} {
		s := servertest.New(t, httpserver.Config{}, httpx.Route{Method: http.MethodPost, Path: "/limited",
			Handler: mw(func(c echo.Context) error { return c.NoContent(http.StatusNoContent) })})
		for i := range 5 {
			if rec := s.Do(httptest.NewRequest(http.MethodPost, "/limited", nil)); rec.Code != http.StatusNoContent {
				t.Fatalf("%s, request %d: %d; want 204", name, i+1, rec.Code)
			}
		}
	}
}
