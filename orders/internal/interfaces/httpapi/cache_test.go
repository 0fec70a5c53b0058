package httpapi_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/modmono/migrations/migrationstest"
	"github.com/modmono/orders/internal/application"
	"github.com/modmono/platform/authn/authntest"
	"github.com/modmono/platform/cache"
	"github.com/modmono/platform/cache/cachetest"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/middleware"
	"github.com/modmono/platform/page"
)

// replicas are two gateway replicas on one store and one Redis, with a product on sale.
type replicas struct {
	a, b    *api
	admin   string
	product application.ProductView
}

func newReplicas(t *testing.T, cfg cache.Config, reg prometheus.Registerer) replicas {
	t.Helper()
	engines := migrationstest.Open(t, db.SQLite, "orders")
	tokens := authntest.NewIssuer(t)
	a := newAPIOn(t, engines, cachetest.Open(t, cfg, reg), tokens)
	b := newAPIOn(t, engines, cachetest.Open(t, cfg, reg), tokens)
	admin := a.admin(t)
	return replicas{a: a, b: b, admin: admin, product: a.product(t, admin, "MUG", 1250, "EUR")}
}

// statements is the number of SQL statements the request ran; a cache hit runs none.
func statements(t *testing.T, w *httptest.ResponseRecorder) int {
	t.Helper()
	n, err := strconv.Atoi(w.Header().Get(middleware.HeaderSQLStatements))
	if err != nil {
		t.Fatalf("no statement count: %v", err)
	}
	return n
}

func (a *api) price(t *testing.T, id string) int64 {
	t.Helper()
	w := a.call("GET", "/api/v1/products/"+id, "", "")
	want(t, w, http.StatusOK, "")
	return decode[application.ProductView](t, w).Price.Amount
}

func (a *api) firstPage(t *testing.T) map[string]int64 {
	t.Helper()
	w := a.call("GET", "/api/v1/products", "", "")
	want(t, w, http.StatusOK, "")
	prices := map[string]int64{}
	for _, p := range decode[page.Page[application.ProductView]](t, w).Items {
		prices[p.SKU] = p.Price.Amount
	}
	return prices
}

func TestCatalogueCache(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		run  func(t *testing.T, r replicas)
	}{
		{"a second read is a hit, with no SQL", func(t *testing.T, r replicas) {
			for _, path := range []string{"/api/v1/products/" + r.product.ID, "/api/v1/products"} {
				if w := r.a.call("GET", path, "", ""); w.Code != 200 || statements(t, w) == 0 {
					t.Fatalf("GET %s first: %d, %d statements; want a miss", path, w.Code, statements(t, w))
				}
				for _, replica := range []*api{r.a, r.b} {
					if w := replica.call("GET", path, "", ""); w.Code != 200 || statements(t, w) != 0 {
						t.Fatalf("GET %s again: %d, %d statements; want a hit", path, w.Code, statements(t, w))
					}
				}
			}
		}},
		{"a price change is read back at once, and on the other replica", func(t *testing.T, r replicas) {
			for _, replica := range []*api{r.a, r.b} {
				if p := replica.price(t, r.product.ID); p != 1250 {
					t.Fatalf("price %d; want 1250", p)
				}
				if p := replica.firstPage(t)["MUG"]; p != 1250 {
					t.Fatalf("listed price %d; want 1250", p)
				}
			}
			want(t, r.a.call("PATCH", "/api/v1/products/"+r.product.ID, r.admin, `{"price":{"amount":990,"currency":"EUR"}}`), 200, "")
			if p := r.a.price(t, r.product.ID); p != 990 {
				t.Fatalf("price read back %d; want 990 at once", p)
			}
			if p := r.a.firstPage(t)["MUG"]; p != 990 {
				t.Fatalf("listed price read back %d; want 990 at once", p)
			}
			cachetest.Eventually(t, "the other replica serves the new price", func() bool {
				return r.b.price(t, r.product.ID) == 990 && r.b.firstPage(t)["MUG"] == 990
			})
			for range 3 { // and never the old one again
				if p := r.b.price(t, r.product.ID); p != 990 {
					t.Fatalf("stale price %d after the update", p)
				}
			}
		}},
		{"a created product is in the first page at once", func(t *testing.T, r replicas) {
			r.a.firstPage(t)
			r.a.product(t, r.admin, "CUP", 500, "EUR")
			if got := r.a.firstPage(t); got["CUP"] != 500 {
				t.Fatalf("first page %v; want CUP in it", got)
			}
		}},
		{"not found is remembered briefly", func(t *testing.T, r replicas) {
			id := ids.New()
			w := r.a.call("GET", "/api/v1/products/"+id, "", "")
			want(t, w, 404, "PRODUCT_NOT_FOUND")
			if statements(t, w) == 0 {
				t.Fatal("first lookup ran no SQL")
			}
			w = r.a.call("GET", "/api/v1/products/"+id, "", "")
			want(t, w, 404, "PRODUCT_NOT_FOUND")
			if n := statements(t, w); n != 0 {
				t.Fatalf("second lookup ran %d statements; want 0", n)
			}
		}},
		{"an inactive product stays hidden from the public when cached", func(t *testing.T, r replicas) {
			r.a.price(t, r.product.ID)
			want(t, r.a.call("PATCH", "/api/v1/products/"+r.product.ID, r.admin, `{"active":false}`), 200, "")
			want(t, r.a.call("GET", "/api/v1/products/"+r.product.ID, "", ""), 404, "PRODUCT_NOT_FOUND")
			want(t, r.a.call("GET", "/api/v1/products/"+r.product.ID, r.admin, ""), 200, "")
			if got := r.a.firstPage(t); len(got) != 0 {
				t.Fatalf("first page %v; want it empty", got)
			}
		}},
		{"other pages and the admin's list are read from the database", func(t *testing.T, r replicas) {
			for _, q := range []struct{ path, token string }{{"/api/v1/products?limit=5", ""}, {"/api/v1/products", r.admin}} {
				for range 2 {
					if w := r.a.call("GET", q.path, q.token, ""); w.Code != 200 || statements(t, w) == 0 {
						t.Fatalf("GET %s: %d, %d statements; want a database read", q.path, w.Code, statements(t, w))
					}
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.run(t, newReplicas(t, cachetest.Config(t), nil))
		})
	}
}

// TestCatalogueWithoutRedis: a Redis that refuses connections or never answers costs the
// catalogue its hits, never an answer: reads and writes succeed, and the failures are counted.
func TestCatalogueWithoutRedis(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		addr func(t *testing.T) string
	}{
		{"nothing listens", func(t *testing.T) string {
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			return l.Addr().String()
		}},
		{"accepts but never answers", func(t *testing.T) string {
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
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := cachetest.Config(t)
			cfg.URL, cfg.Timeout = "redis://"+tt.addr(t)+"/0", 50*time.Millisecond
			reg := prometheus.NewRegistry()
			r := newReplicas(t, cfg, reg)
			if p := r.a.price(t, r.product.ID); p != 1250 {
				t.Fatalf("price %d; want 1250", p)
			}
			want(t, r.a.call("PATCH", "/api/v1/products/"+r.product.ID, r.admin, `{"price":{"amount":990,"currency":"EUR"}}`), 200, "")
			for _, replica := range []*api{r.a, r.b} {
				if p := replica.price(t, r.product.ID); p != 990 {
					t.Fatalf("price %d; want 990", p)
				}
				if got := replica.firstPage(t); !slices.Equal([]int64{got["MUG"]}, []int64{990}) {
					t.Fatalf("first page %v", got)
				}
				want(t, replica.call("GET", "/api/v1/products/"+ids.New(), "", ""), 404, "PRODUCT_NOT_FOUND")
			}
			errorsCounted := cachetest.Counter(t, reg, "cache_errors_total", nil)
			if errorsCounted == 0 {
				t.Fatal("cache_errors_total stayed 0")
			}
		})
	}
}
