package httpserver_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/internal/servertest"
)

// requestTimeout is the fault tests' REQUEST_TIMEOUT: short, so that they run quickly.
const requestTimeout = 600 * time.Millisecond

// shop is two contexts, each on its own store, behind one server: POST /shop/orders writes in a
// transaction of the orders store, GET /shop/catalogue reads another table of it, and
// GET /shop/accounts reads the auth store.
type shop struct {
	orders, auth *db.Engines
	server       *servertest.Server
}

func newShop(t *testing.T, orders, auth *db.Engines) *shop {
	t.Helper()
	for _, e := range []*db.Engines{orders, auth} {
		if _, err := e.Write.ExecContext(context.Background(), "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := orders.Write.ExecContext(context.Background(), "CREATE TABLE products (id INTEGER PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	var next int64
	var mu sync.Mutex
	routes := []httpx.Route{
		{Method: http.MethodPost, Path: "/shop/orders", Access: httpx.Public, Handler: func(c echo.Context) error {
			ctx := c.Request().Context()
			mu.Lock()
			next++
			id := next
			mu.Unlock()
			err := orders.Write.InTx(ctx, func(tx *db.Tx) error {
				_, err := tx.ExecContext(ctx, fmt.Sprintf("INSERT INTO items (id, name) VALUES (%d, 'order')", id))
				return err
			})
			if err != nil {
				return err
			}
			return c.NoContent(http.StatusCreated)
		}},
		{Method: http.MethodGet, Path: "/shop/catalogue", Access: httpx.Public, Handler: func(c echo.Context) error {
			var n int
			if err := orders.Read.QueryRowContext(c.Request().Context(), "SELECT count(*) FROM products").Scan(&n); err != nil {
				return err
			}
			return c.JSON(http.StatusOK, n)
		}},
		{Method: http.MethodGet, Path: "/shop/accounts", Access: httpx.Public, Handler: func(c echo.Context) error {
			var n int
			if err := auth.Read.QueryRowContext(c.Request().Context(), "SELECT count(*) FROM items").Scan(&n); err != nil {
				return err
			}
			return c.JSON(http.StatusOK, n)
		}},
	}
	return &shop{orders: orders, auth: auth,
		server: servertest.New(t, httpserver.Config{RequestTimeout: requestTimeout}, routes...)}
}

func (s *shop) placeOrder() *httptest.ResponseRecorder {
	return s.server.Do(servertest.JSONRequest(http.MethodPost, "/shop/orders", `{}`))
}

func (s *shop) catalogue() *httptest.ResponseRecorder {
	return s.server.Do(httptest.NewRequest(http.MethodGet, "/shop/catalogue", nil))
}

func (s *shop) accounts() *httptest.ResponseRecorder {
	return s.server.Do(httptest.NewRequest(http.MethodGet, "/shop/accounts", nil))
}

func (s *shop) orderCount(t *testing.T) int {
	t.Helper()
	var n int
	if err := s.orders.Write.QueryRowContext(context.Background(), "SELECT count(*) FROM items").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// expectUnavailable checks a 503 problem with Retry-After and nothing of the driver in it.
func expectUnavailable(t *testing.T, what string, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("%s: status %d, want 503; body %s", what, rec.Code, rec.Body)
	}
	if rec.Header().Get("Retry-After") == "" {
		t.Errorf("%s: 503 without Retry-After", what)
	}
	if p := servertest.DecodeProblem(t, rec); p.Code != "SERVICE_UNAVAILABLE" {
		t.Errorf("%s: code %q, want SERVICE_UNAVAILABLE", what, p.Code)
	}
	for _, leak := range []string{"INSERT", "locked", "SQLSTATE", "dial", "context"} {
		if strings.Contains(rec.Body.String(), leak) {
			t.Errorf("%s: body leaks %q: %s", what, leak, rec.Body)
		}
	}
}

// within runs f and fails the test if it has not returned after limit: a request that waits
// on a lock or a pool far past its deadline.
func within[T any](t *testing.T, limit time.Duration, what string, f func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(limit):
		t.Fatalf("%s still waits %s after it started; its deadline is %s", what, limit, requestTimeout)
		panic("unreachable")
	}
}

// A table locked by another session for longer than the deadline (the writer held, on
// SQLite): the write answers 503 with Retry-After while the lock is still held, and once the
// lock is gone, its row does not appear (no late commit).
func TestLockedTableAnswers503InTimeAndNeverCommitsLate(t *testing.T) {
	t.Parallel()
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			s := newShop(t, dbtest.Open(t, dialect, "orders"), dbtest.Open(t, dialect, "auth"))
			release := dbtest.HoldWriteLock(t, s.orders, "items")
			rec := within(t, 10*time.Second, "POST /orders on a locked table", s.placeOrder)
			expectUnavailable(t, "POST /orders on a locked table", rec)
			release()
			time.Sleep(200 * time.Millisecond) // a statement still waiting would write now
			if n := s.orderCount(t); n != 0 {
				t.Fatalf("%d orders after the lock was released, want 0: the 503 hid a write", n)
			}
			if rec := s.placeOrder(); rec.Code != http.StatusCreated {
				t.Fatalf("POST /orders after the lock: %d, want 201", rec.Code)
			}
		})
	}
}

// Orders' pool is small and its table locked, so that a flood of writes saturates it; auth's
// route, on its own store, keeps answering (within its deadline, since it answers 200 at all)
// while every order is refused with 503, and so does orders' own catalogue, another table read
// outside transactions (on PostgreSQL part of the pool is kept from transactions for that; on
// SQLite readers have their own connections).
func TestSaturatedContextDoesNotStallAnother(t *testing.T) {
	t.Parallel()
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			orders := dbtest.OpenWith(t, dialect, "orders", func(c *db.Config) {
				c.MaxConns, c.PoolWait = 2, 200*time.Millisecond
			})
			s := newShop(t, orders, dbtest.Open(t, dialect, "auth"))
			dbtest.HoldWriteLock(t, s.orders, "items")

			const flood, reads = 30, 10
			var wg sync.WaitGroup
			orderStatus := make([]int, flood)
			for i := range flood {
				wg.Go(func() { orderStatus[i] = s.placeOrder().Code })
			}
			readStatus, catalogueStatus := make([]int, reads), make([]int, reads)
			for i := range reads {
				wg.Go(func() {
					time.Sleep(time.Duration(i) * 20 * time.Millisecond) // spread over the flood
					readStatus[i] = s.accounts().Code
					catalogueStatus[i] = s.catalogue().Code
				})
			}
			within(t, 15*time.Second, "the flood", func() struct{} { wg.Wait(); return struct{}{} })
			for i := range reads {
				if readStatus[i] != http.StatusOK || catalogueStatus[i] != http.StatusOK {
					t.Errorf("reads #%d during the orders flood: accounts %d, catalogue %d; want 200 and 200", i, readStatus[i], catalogueStatus[i])
				}
			}
			for i, code := range orderStatus {
				if code != http.StatusServiceUnavailable {
					t.Errorf("POST /orders #%d on the saturated store: %d, want 503", i, code)
				}
			}
		})
	}
}

// The orders database goes away (connections cut, new ones refused) and comes back: orders
// answer 503 with Retry-After at once, auth is untouched, and orders recover without a restart.
func TestDatabaseOutageAnswers503ThenRecovers(t *testing.T) {
	t.Parallel()
	proxy := dbtest.NewTCPProxy(t, dbtest.PostgresAddr(t))
	s := newShop(t, dbtest.OpenWith(t, db.Postgres, "orders", proxy.Through), dbtest.Open(t, db.Postgres, "auth"))
	if rec := s.placeOrder(); rec.Code != http.StatusCreated {
		t.Fatalf("POST /orders before the outage: %d, want 201", rec.Code)
	}

	proxy.Stop()
	for i := range 3 {
		expectUnavailable(t, "POST /orders during the outage", within(t, 10*time.Second, "POST /orders during the outage", s.placeOrder))
		if rec := s.accounts(); rec.Code != http.StatusOK {
			t.Errorf("GET /accounts #%d during the orders outage: %d, want 200", i, rec.Code)
		}
	}

	proxy.Start(t)
	if rec := s.placeOrder(); rec.Code != http.StatusCreated {
		t.Fatalf("POST /orders once the database is back: %d, want 201; body %s", rec.Code, rec.Body)
	}
	if n := s.orderCount(t); n != 2 {
		t.Fatalf("%d orders, want 2 (before and after the outage)", n)
	}
}
