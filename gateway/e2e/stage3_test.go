package e2e_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// stage3 is the topology `make stage3` starts (scripts/topology.sh up stage3): a PostgreSQL
// primary, a streaming replica of it, a Redis, and the gateway reading from the replica.
type stage3 struct {
	dir, script              string
	env                      []string
	gateway, metrics         string // URLs
	primaryURL, replicaURL   string
	primaryPort, replicaPort string
}

const (
	stage3AdminEmail    = "stage3-admin@example.com"
	stage3AdminPassword = "stage3-admin-passphrase"
	stage3ReadAfterKey  = "stage3-test-read-after-key-0123456789"
	pgBin               = "/usr/lib/postgresql/15/bin"
)

// requireStage3 skips (fails under CI=true) where the topology cannot run: it starts PostgreSQL
// as the postgres user, so it needs root, the PostgreSQL 15 server binaries and redis-server.
func requireStage3(t *testing.T) {
	t.Helper()
	var missing string
	switch {
	case os.Geteuid() != 0:
		missing = "root (PostgreSQL runs as the postgres user)"
	case !executable(filepath.Join(pgBin, "initdb")):
		missing = "the PostgreSQL 15 server binaries in " + pgBin
	default:
		if _, err := exec.LookPath("redis-server"); err != nil {
			missing = "redis-server"
		}
	}
	if missing == "" {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("stage 3 topology needs %s (CI=true)", missing)
	}
	t.Skipf("stage 3 topology needs %s: skipping (set CI=true to fail instead)", missing)
}

func executable(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode()&0o111 != 0
}

// startStage3 runs the same script as `make stage3`, on ports and directories of its own, and
// stops and removes everything when the test ends.
func startStage3(t *testing.T, extraEnv ...string) *stage3 {
	t.Helper()
	requireStage3(t)
	gatewayBin := gatewayBinary(t)
	// Not t.TempDir: its parents are private to root, and the postgres user must reach the data.
	dir, err := os.MkdirTemp("", "modmono-stage3-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("../../scripts/topology.sh")
	if err != nil {
		t.Fatal(err)
	}
	port := func() string { _, p, _ := net.SplitHostPort(freeAddr(t)); return p }
	s := &stage3{dir: dir, script: script, primaryPort: port(), replicaPort: port()}
	gatewayAddr, metricsAddr := freeAddr(t), freeAddr(t)
	s.gateway, s.metrics = "http://"+gatewayAddr, "http://"+metricsAddr+"/metrics"
	s.primaryURL = "postgres://postgres@127.0.0.1:" + s.primaryPort + "/postgres?sslmode=disable"
	s.replicaURL = "postgres://postgres@127.0.0.1:" + s.replicaPort + "/postgres?sslmode=disable"
	s.env = append(os.Environ(),
		"BIN_DIR="+filepath.Dir(gatewayBin), "RUN_DIR="+filepath.Join(dir, "run"), "STAGE3_DIR="+filepath.Join(dir, "stage3"),
		"STAGE3_PRIMARY_PORT="+s.primaryPort, "STAGE3_REPLICA_PORT="+s.replicaPort, "STAGE3_REDIS_PORT="+port(),
		"GATEWAY_ADDR="+gatewayAddr, "METRICS_ADDR="+metricsAddr, "RATE_LIMITS=off", "LOG_LEVEL=warn",
		"BOOTSTRAP_ADMIN_EMAIL="+stage3AdminEmail, "BOOTSTRAP_ADMIN_PASSWORD="+stage3AdminPassword,
		"READ_AFTER_KEY="+stage3ReadAfterKey)
	s.env = append(s.env, extraEnv...)
	t.Cleanup(func() {
		if out, err := s.run("down"); err != nil {
			t.Errorf("topology.sh down: %v\n%s", err, out)
		}
		if t.Failed() {
			for _, log := range []string{"run/gateway.log", "stage3/primary/server.log", "stage3/replica/server.log"} {
				if b, err := os.ReadFile(filepath.Join(dir, log)); err == nil {
					t.Logf("%s:\n%s", log, tail(string(b), 30))
				}
			}
		}
		_ = os.RemoveAll(dir)
	})
	if out, err := s.run("up", "stage3"); err != nil {
		t.Fatalf("topology.sh up stage3: %v\n%s", err, out)
	}
	return s
}

func (s *stage3) run(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, s.script, args...)
	cmd.Env = s.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func tail(s string, lines int) string {
	all := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(all[max(0, len(all)-lines):], "\n")
}

// sql runs one statement on a server of the topology and returns the first column of its row.
func (s *stage3) sql(t *testing.T, url, query string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect for %q: %v", query, err)
	}
	defer conn.Close(ctx)
	var out any
	if err := conn.QueryRow(ctx, query).Scan(&out); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return fmt.Sprint(out)
}

// replica runs pg_ctl on the replica ("stop" or "start") as the postgres user.
func (s *stage3) replica(t *testing.T, action string) {
	t.Helper()
	data := filepath.Join(s.dir, "stage3", "replica")
	args := []string{"-u", "postgres", "--", filepath.Join(pgBin, "pg_ctl"), "-D", data, "-w", "-t", "30"}
	if action == "stop" {
		args = append(args, "-m", "fast", "stop")
	} else {
		args = append(args, "-l", filepath.Join(data, "server.log"),
			"-o", "-p "+s.replicaPort+" -c listen_addresses=127.0.0.1 -c unix_socket_directories=''", "start")
	}
	if out, err := exec.Command("runuser", args...).CombinedOutput(); err != nil {
		t.Fatalf("pg_ctl %s the replica: %v\n%s", action, err, out)
	}
	if action == "start" {
		// The script's `down` stops what the pid files name: name the new postmaster.
		pidFile, err := os.ReadFile(filepath.Join(data, "postmaster.pid"))
		if err != nil {
			t.Fatal(err)
		}
		pid, _, _ := strings.Cut(string(pidFile), "\n")
		if err := os.WriteFile(filepath.Join(s.dir, "run", "stage3-replica.pid"), []byte(pid+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// metric sums the samples of name whose labels include every one of labels.
func (s *stage3) metric(t *testing.T, name string, labels ...string) float64 {
	t.Helper()
	resp, err := http.Get(s.metrics)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var sum float64
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, name+"{") {
			continue
		}
		match := true
		for _, l := range labels {
			match = match && strings.Contains(line, l)
		}
		if !match {
			continue
		}
		v, err := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
		if err != nil {
			t.Fatalf("metric line %q: %v", line, err)
		}
		sum += v
	}
	return sum
}

type product struct {
	ID    string `json:"id"`
	Price money  `json:"price"`
}

func getProduct(t *testing.T, api *client, id string) product {
	t.Helper()
	r := api.do(http.MethodGet, "/api/v1/products/"+id, nil)
	expect(t, "get product", r, http.StatusOK, "")
	var p product
	r.json(t, &p)
	return p
}

// listedPrice reads a product's price from a page of the product list that the cache does not
// keep (not the default limit), so the read model answers, from a replica when it may: the
// catalogue's cached reads are filled from the primary and never show a replica's past.
func listedPrice(t *testing.T, api *client, id string) int64 {
	t.Helper()
	r := api.do(http.MethodGet, "/api/v1/products?limit=100", nil)
	expect(t, "list products", r, http.StatusOK, "")
	var page struct {
		Items []product `json:"items"`
	}
	r.json(t, &page)
	for _, p := range page.Items {
		if p.ID == id {
			return p.Price.Amount
		}
	}
	t.Fatalf("product %s is not on the first page of 100", id)
	return 0
}

// withHeader returns a client that sends one more header.
type headerClient struct {
	*client
	name, value string
}

func (h headerClient) get(path string) response {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodGet, h.base+path, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+h.token)
	if h.value != "" {
		req.Header.Set(h.name, h.value)
	}
	resp, err := h.http.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	return response{Status: resp.StatusCode, Header: resp.Header}
}

func TestStage3ReadsFromTheReplicaAndKeepsReadYourWrites(t *testing.T) {
	t.Parallel()
	// A long allowed lag: while replay is paused the replica stays in use for the reads of
	// others, so the test can see that it really is behind.
	s := startStage3(t, "DATABASE_READ_MAX_LAG=60s")
	api := newClient(t, s.gateway)
	admin := api.withToken(login(t, api, stage3AdminEmail, stage3AdminPassword))
	r := admin.do(http.MethodPost, "/api/v1/products", map[string]any{
		"sku": fmt.Sprintf("S3-%d", time.Now().UnixNano()), "name": "Kettle", "price": money{Amount: 1000, Currency: "EUR"}})
	expect(t, "create product", r, http.StatusCreated, "")
	var kettle product
	r.json(t, &kettle)
	buyer := api.withToken(customer(t, api, "stage3-buyer"))
	// A second gateway on the same databases without Redis: read-your-writes rides on the
	// signed header alone there.
	headerOnly := startProcess(t, gatewayBinary(t), freeAddr(t),
		"DATABASE_URL="+s.primaryURL, "DATABASE_READ_URL="+s.replicaURL, "DATABASE_READ_MAX_LAG=60s",
		"READ_AFTER_KEY="+stage3ReadAfterKey) // the signing keys: the primary database's, as the first gateway's

	// Wait until the replica has the product, then stop its replay: from here on it is behind.
	deadline := time.Now().Add(10 * time.Second)
	for s.sql(t, s.replicaURL, "SELECT count(*) FROM orders.products WHERE id = '"+kettle.ID+"'") != "1" {
		if time.Now().After(deadline) {
			t.Fatal("the replica did not replay the new product within 10s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.sql(t, s.replicaURL, "SELECT pg_wal_replay_pause()::text")
	resumed := false
	defer func() {
		if !resumed {
			s.sql(t, s.replicaURL, "SELECT pg_wal_replay_resume()::text")
		}
	}()

	t.Run("a user reads their own writes while the replica lags", func(t *testing.T) {
		r := buyer.do(http.MethodPost, "/api/v1/orders", map[string]any{"items": []map[string]any{{"product_id": kettle.ID, "quantity": 2}}})
		expect(t, "place order", r, http.StatusCreated, "")
		var placed order
		r.json(t, &placed)
		readAfter := r.Header.Get("X-Read-After")
		if readAfter == "" {
			t.Fatal("a write's answer carries no X-Read-After")
		}
		expect(t, "read own order", buyer.do(http.MethodGet, "/api/v1/orders/"+placed.ID, nil), http.StatusOK, "")
		r = buyer.do(http.MethodGet, "/api/v1/orders", nil)
		expect(t, "list own orders", r, http.StatusOK, "")
		if !strings.Contains(string(r.Body), placed.ID) {
			t.Fatalf("the list of own orders lacks the order just placed: %s", r.Body)
		}
		r = buyer.do(http.MethodPost, "/api/v1/orders/"+placed.ID+"/cancel", nil)
		expect(t, "cancel", r, http.StatusOK, "")
		var cancelled order
		buyer.do(http.MethodGet, "/api/v1/orders/"+placed.ID, nil).json(t, &cancelled)
		if cancelled.Status != "cancelled" {
			t.Fatalf("own order read after cancelling = %q, want cancelled", cancelled.Status)
		}

		// Another gateway, no shared store: the header is what keeps the user on fresh data,
		// and without it the lagging replica answers (the order does not exist there yet).
		other := headerClient{client: buyer.withToken(buyer.token), name: "X-Read-After"}
		other.base = headerOnly.URL
		other.value = readAfter
		if got := other.get("/api/v1/orders/" + placed.ID).Status; got != http.StatusOK {
			t.Fatalf("with X-Read-After on another gateway: status %d, want 200", got)
		}
		other.value = ""
		if got := other.get("/api/v1/orders/" + placed.ID).Status; got != http.StatusNotFound {
			t.Fatalf("without X-Read-After on a gateway without Redis: status %d, want the replica's 404 (is replay paused?)", got)
		}
	})

	t.Run("an admin reads back a price they changed; others may see the old one", func(t *testing.T) {
		r := admin.do(http.MethodPatch, "/api/v1/products/"+kettle.ID, map[string]any{"price": money{Amount: 1500, Currency: "EUR"}})
		expect(t, "change price", r, http.StatusOK, "")
		if got := getProduct(t, admin, kettle.ID).Price.Amount; got != 1500 {
			t.Fatalf("admin reads back %d, want 1500", got)
		}
		if got := listedPrice(t, api, kettle.ID); got != 1000 {
			t.Fatalf("anonymous reader of the list during the lag sees %d; want the replica's 1000 (it lags less than the allowed 60s)", got)
		}
		// The cached product is filled from the primary after the change: never the old price.
		if got := getProduct(t, api, kettle.ID).Price.Amount; got != 1500 {
			t.Fatalf("anonymous reader of the cached product sees %d, want 1500 (a stale cache entry)", got)
		}
	})

	replicaReads := s.metric(t, "db_reads_total", `target="replica"`)
	s.sql(t, s.replicaURL, "SELECT pg_wal_replay_resume()::text")
	resumed = true

	t.Run("after replay resumes, everyone sees the new price", func(t *testing.T) {
		deadline := time.Now().Add(10 * time.Second)
		for listedPrice(t, api, kettle.ID) != 1500 {
			if time.Now().After(deadline) {
				t.Fatal("anonymous reader still sees the old price 10s after replay resumed")
			}
			time.Sleep(50 * time.Millisecond)
		}
	})

	t.Run("the replica served the reads of others", func(t *testing.T) {
		if replicaReads == 0 {
			t.Fatal("db_reads_total{target=replica} is 0")
		}
		// The replica's own statistics: statements on the products table that it ran.
		calls := s.sql(t, s.replicaURL, "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements WHERE query ILIKE '%FROM products%'")
		if n, _ := strconv.Atoi(calls); n == 0 {
			t.Fatalf("pg_stat_statements on the replica counts no product reads (%s)", calls)
		}
	})

	t.Run("a stopped replica: reads answer from the primary, then it is used again", func(t *testing.T) {
		s.replica(t, "stop")
		before := s.metric(t, "db_read_fallbacks_total")
		for range 5 {
			if got := listedPrice(t, api, kettle.ID); got != 1500 {
				t.Fatalf("with the replica down: price %d, want 1500", got)
			}
		}
		if after := s.metric(t, "db_read_fallbacks_total"); after <= before {
			t.Fatalf("db_read_fallbacks_total %v → %v: the fallbacks are not counted", before, after)
		}
		resp, err := http.Get(s.gateway + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("/readyz with the replica down = %d, want 200 (the primary answers)", resp.StatusCode)
		}
		s.replica(t, "start")
		deadline := time.Now().Add(15 * time.Second)
		for {
			before := s.metric(t, "db_reads_total", `context="orders"`, `target="replica"`)
			listedPrice(t, api, kettle.ID)
			if s.metric(t, "db_reads_total", `context="orders"`, `target="replica"`) > before {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the restarted replica serves no reads 15s later")
			}
			time.Sleep(100 * time.Millisecond)
		}
	})

	t.Run("the shop flow passes on this topology", func(t *testing.T) {
		runShopFlow(t, s.gateway, admin.token)
	})

	t.Run("Redis killed: reads and writes still answer, from the primary", func(t *testing.T) {
		pid, err := os.ReadFile(filepath.Join(s.dir, "run", "stage3-redis.pid"))
		if err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command("kill", "-KILL", strings.TrimSpace(string(pid))).CombinedOutput(); err != nil {
			t.Fatalf("kill Redis: %v %s", err, out)
		}
		r := buyer.do(http.MethodPost, "/api/v1/orders", map[string]any{"items": []map[string]any{{"product_id": kettle.ID, "quantity": 1}}})
		expect(t, "place an order without Redis", r, http.StatusCreated, "")
		var placed order
		r.json(t, &placed)
		expect(t, "read it back without Redis", buyer.do(http.MethodGet, "/api/v1/orders/"+placed.ID, nil), http.StatusOK, "")
		if got := getProduct(t, admin, kettle.ID).Price.Amount; got != 1500 {
			t.Fatalf("admin reads price %d without Redis, want 1500", got)
		}
	})
}

func TestStage3ALaggingReplicaIsSkipped(t *testing.T) {
	t.Parallel()
	s := startStage3(t, "DATABASE_READ_MAX_LAG=1s")
	api := newClient(t, s.gateway)
	admin := api.withToken(login(t, api, stage3AdminEmail, stage3AdminPassword))
	r := admin.do(http.MethodPost, "/api/v1/products", map[string]any{
		"sku": fmt.Sprintf("S3L-%d", time.Now().UnixNano()), "name": "Mug", "price": money{Amount: 700, Currency: "EUR"}})
	expect(t, "create product", r, http.StatusCreated, "")
	var mug product
	r.json(t, &mug)
	s.sql(t, s.replicaURL, "SELECT pg_wal_replay_pause()::text")
	defer s.sql(t, s.replicaURL, "SELECT pg_wal_replay_resume()::text")
	expect(t, "change price", admin.do(http.MethodPatch, "/api/v1/products/"+mug.ID, map[string]any{"price": money{Amount: 900, Currency: "EUR"}}), http.StatusOK, "")
	// Past the allowed lag, nobody reads the replica's past any more.
	deadline := time.Now().Add(10 * time.Second)
	for listedPrice(t, api, mug.ID) != 900 {
		if time.Now().After(deadline) {
			t.Fatal("an anonymous reader still sees the old price 10s into a lag allowed 1s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if s.metric(t, "db_read_fallbacks_total", `reason="lagging"`) == 0 {
		t.Fatal(`db_read_fallbacks_total{reason="lagging"} is 0`)
	}
}
