package e2e_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
)

// deadlineEnv gives the gateway a short request deadline and a small orders pool, so that the
// faults below show in a second rather than in ten.
var deadlineEnv = []string{"REQUEST_TIMEOUT=1s", "DB_POOL_MAX=3", "ORDERS_DB_POOL_MAX=4", "ORDERS_DB_POOL_WAIT=300ms",
	"BOOTSTRAP_ADMIN_EMAIL=deadline-admin@example.com", "BOOTSTRAP_ADMIN_PASSWORD=deadline admin passphrase"}

// deadlineShop is a product and a customer on a running gateway.
type deadlineShop struct {
	*shopper
	api *client
}

func newDeadlineShop(t *testing.T, gw *process) *deadlineShop {
	t.Helper()
	return &deadlineShop{shopper: newShopper(t, gw.URL, "deadline-admin@example.com", "deadline admin passphrase", "deadline"),
		api: newClient(t, gw.URL)}
}

func (s *deadlineShop) orderBody() map[string]any {
	return map[string]any{"items": []map[string]any{{"product_id": s.product, "quantity": 1}}}
}

// rawStatus sends one request from any goroutine (client.do may fail the test, which only the
// test's goroutine may do); 0 means no answer within the client's 10 s.
func (s *deadlineShop) rawStatus(method, path, token string, body []byte) int {
	req, err := http.NewRequest(method, s.api.base+path, bytes.NewReader(body))
	if err != nil {
		return 0
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := s.api.http.Do(req)
	if err != nil {
		return 0
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}

func (s *deadlineShop) orderCount(t *testing.T) int {
	t.Helper()
	var list struct{ Items []order }
	r := s.buyer.do(http.MethodGet, "/api/v1/orders?limit=100", nil)
	expect(t, "list orders", r, http.StatusOK, "")
	r.json(t, &list)
	return len(list.Items)
}

func expect503(t *testing.T, what string, r response) {
	t.Helper()
	expect(t, what, r, http.StatusServiceUnavailable, "SERVICE_UNAVAILABLE")
	if r.Header.Get("Retry-After") == "" {
		t.Errorf("%s: 503 without Retry-After", what)
	}
}

// TestGatewayOnPostgresUnderALockedOrdersTable: another session holds orders.orders locked far
// longer than the deadline. Placing an order answers 503 with Retry-After (not a hang, not a
// late 201), a flood of them saturates only orders' write connections while the catalogue and
// auth keep answering, and once the lock is gone no order has appeared behind the client's back.
func TestGatewayOnPostgresUnderALockedOrdersTable(t *testing.T) {
	t.Parallel()
	pg, err := url.Parse(postgresServerURL())
	if err != nil {
		t.Fatal(err)
	}
	requireService(t, "PostgreSQL", pg.Host)
	dbURL := createDatabase(t, "e2e_"+randomName(t)+"_deadline")
	gw := startGateway(t, append([]string{"DATABASE_URL=" + dbURL}, deadlineEnv...)...)
	s := newDeadlineShop(t, gw)
	expect(t, "place an order before the lock", s.buyer.do(http.MethodPost, "/api/v1/orders", s.orderBody()), http.StatusCreated, "")

	ctx := context.Background()
	locker, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Close(ctx)
	tx, err := locker.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE orders.orders IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}

	expect503(t, "place an order on the locked table", s.buyer.do(http.MethodPost, "/api/v1/orders", s.orderBody()))
	// With a key: the 503 releases it (5xx answers are not stored), so the retry runs again.
	keyed := s.buyer.withKey("deadline-" + randomName(t))
	expect503(t, "place an order with a key on the locked table", keyed.do(http.MethodPost, "/api/v1/orders", s.orderBody()))

	body := []byte(fmt.Sprintf(`{"items":[{"product_id":%q,"quantity":1}]}`, s.product))
	const flood, reads = 20, 5
	orders, catalogue, me := make([]int, flood), make([]int, reads), make([]int, reads)
	var wg sync.WaitGroup
	for i := range flood {
		wg.Go(func() { orders[i] = s.rawStatus(http.MethodPost, "/api/v1/orders", s.buyer.token, body) })
	}
	for i := range reads {
		wg.Go(func() {
			time.Sleep(time.Duration(i) * 50 * time.Millisecond) // spread over the flood
			catalogue[i] = s.rawStatus(http.MethodGet, "/api/v1/products", "", nil)
			me[i] = s.rawStatus(http.MethodGet, "/api/v1/auth/me", s.buyer.token, nil)
		})
	}
	wg.Wait()
	for i, status := range orders {
		if status != http.StatusServiceUnavailable {
			t.Errorf("order #%d of the flood: status %d, want 503 (0: no answer)", i, status)
		}
	}
	for i := range reads {
		if catalogue[i] != http.StatusOK || me[i] != http.StatusOK {
			t.Errorf("reads #%d during the flood: products %d, me %d; want 200 and 200", i, catalogue[i], me[i])
		}
	}

	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // a statement still waiting on the lock would insert now
	if n := s.orderCount(t); n != 1 {
		t.Fatalf("%d orders after the lock was released, want 1 (the one before): a 503 hid a write", n)
	}
	expect(t, "retry with the same key after the lock", keyed.do(http.MethodPost, "/api/v1/orders", s.orderBody()), http.StatusCreated, "")
	if r := keyed.do(http.MethodPost, "/api/v1/orders", s.orderBody()); r.Status != http.StatusCreated || r.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("second retry with the key: status %d, replayed %q; want the stored 201 replayed", r.Status, r.Header.Get("Idempotent-Replayed"))
	}
	if n := s.orderCount(t); n != 2 {
		t.Fatalf("%d orders, want 2: the one before the lock and the keyed retry, once", n)
	}
}

// TestGatewayOnPostgresThroughAnOutage: the database goes away (a TCP proxy in front of it cuts
// every connection and refuses new ones), then terminates the backends once it is back. Every
// route that needs it answers 503 with Retry-After meanwhile, never 500, and the same process
// recovers without a restart.
func TestGatewayOnPostgresThroughAnOutage(t *testing.T) {
	t.Parallel()
	pg, err := url.Parse(postgresServerURL())
	if err != nil {
		t.Fatal(err)
	}
	requireService(t, "PostgreSQL", pg.Host)
	dbName := "e2e_" + randomName(t) + "_outage"
	direct, err := url.Parse(createDatabase(t, dbName))
	if err != nil {
		t.Fatal(err)
	}
	proxy := dbtest.NewTCPProxy(t, pg.Host)
	through := *direct
	through.Host = proxy.Addr()
	gw := startGateway(t, append([]string{"DATABASE_URL=" + through.String()}, deadlineEnv...)...)
	s := newDeadlineShop(t, gw)

	proxy.Stop()
	expect503(t, "place an order during the outage", s.buyer.do(http.MethodPost, "/api/v1/orders", s.orderBody()))
	expect503(t, "list orders during the outage", s.buyer.do(http.MethodGet, "/api/v1/orders", nil))
	expect503(t, "products during the outage", s.api.do(http.MethodGet, "/api/v1/products", nil))
	if r := s.api.do(http.MethodGet, "/readyz", nil); r.Status != http.StatusServiceUnavailable {
		t.Errorf("readyz during the outage: %d, want 503", r.Status)
	}

	proxy.Start(t)
	expect(t, "place an order once the database is back", s.buyer.do(http.MethodPost, "/api/v1/orders", s.orderBody()), http.StatusCreated, "")

	// The server ends every backend of this database (an administrator, a failover): the pooled
	// connections are dead, which the next requests find out and recover from.
	admin, err := pgx.Connect(context.Background(), postgresServerURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	if _, err := admin.Exec(context.Background(),
		"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", dbName); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		r := s.buyer.do(http.MethodPost, "/api/v1/orders", s.orderBody())
		if r.Status != http.StatusCreated && r.Status != http.StatusServiceUnavailable {
			t.Fatalf("order #%d after the backends were terminated: %d, want 201 (or 503 at worst, never 500); body %s", i, r.Status, r.Body)
		}
	}
	expect(t, "place an order after the backends were terminated", s.buyer.do(http.MethodPost, "/api/v1/orders", s.orderBody()), http.StatusCreated, "")
}

// TestGatewayOnSQLiteWithTheWriterHeld: another process holds the orders file's write lock
// longer than the deadline. Placing an order answers 503 with Retry-After, not 500 "database is
// locked", and works again once the writer lets go.
func TestGatewayOnSQLiteWithTheWriterHeld(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	shopDB := filepath.Join(dir, "shop.db")
	gw := startProcess(t, gatewayBinary(t), freeAddr(t), append([]string{
		"DATABASE_URL=sqlite:" + shopDB, "JWT_SIGNING_KEY_FILE=" + filepath.Join(dir, "jwt.pem")}, deadlineEnv...)...)
	s := newDeadlineShop(t, gw)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	other, err := db.Open(ctx, db.Config{URL: "sqlite:" + shopDB, Context: "orders"})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	holding, release, held := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		held <- other.Write.InTx(ctx, func(*db.Tx) error { close(holding); <-release; return nil })
	}()
	<-holding

	expect503(t, "place an order with the writer held", s.buyer.do(http.MethodPost, "/api/v1/orders", s.orderBody()))
	expect(t, "the catalogue with the writer held", s.api.do(http.MethodGet, "/api/v1/products", nil), http.StatusOK, "")

	close(release)
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	expect(t, "place an order once the writer let go", s.buyer.do(http.MethodPost, "/api/v1/orders", s.orderBody()), http.StatusCreated, "")
	if n := s.orderCount(t); n != 1 {
		t.Fatalf("%d orders, want 1", n)
	}
}
