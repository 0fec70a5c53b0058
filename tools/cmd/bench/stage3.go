package main

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// stage3 starts the Stage 3 topology with the script `make stage3` runs (a PostgreSQL primary,
// a streaming replica, Redis and a gateway reading from the replica, with the public catalogue
// cached in Redis and read-your-writes positions kept there), adds two gateways on the same
// databases (the primary only; the replica without Redis), and measures the same reads on each:
// (a) the primary only, (b) the replica, (c) a cache hit against /healthz on the same gateway,
// and the cost of the read-your-writes check per read. Each figure is checked against the
// gateway's /metrics: a read counted as the replica's was answered by the replica, a cache hit
// by the cache.
func stage3(o options) error {
	if os.Geteuid() != 0 || !isExecutable("/usr/lib/postgresql/15/bin/initdb") {
		fmt.Println("\nstage 3: skipped (needs root and the PostgreSQL 15 server binaries)")
		return nil
	}
	if _, err := exec.LookPath("redis-server"); err != nil {
		fmt.Println("\nstage 3: skipped (needs redis-server)")
		return nil
	}
	dir, err := os.MkdirTemp("", "bench-stage3-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := os.Chmod(dir, 0o755); err != nil { // the postgres user must reach its data
		return err
	}
	ports := make([]string, 4)
	for i := range ports {
		if ports[i], err = freePort(); err != nil {
			return err
		}
	}
	binDir, err := filepath.Abs(filepath.Dir(o.binary))
	if err != nil {
		return err
	}
	env := append(os.Environ(), "BIN_DIR="+binDir, "RUN_DIR="+filepath.Join(dir, "run"), "STAGE3_DIR="+filepath.Join(dir, "stage3"),
		"STAGE3_PRIMARY_PORT="+ports[0], "STAGE3_REPLICA_PORT="+ports[1], "STAGE3_REDIS_PORT="+ports[2],
		"GATEWAY_ADDR=127.0.0.1:"+ports[3], "SQL_STATEMENT_HEADER=true", "LOG_LEVEL=error", "RATE_LIMITS=off",
		"BOOTSTRAP_ADMIN_EMAIL="+benchAdminEmail, "BOOTSTRAP_ADMIN_PASSWORD="+benchAdminPassword)
	script := func(args ...string) error {
		cmd := exec.Command("scripts/topology.sh", args...)
		cmd.Env, cmd.Stdout, cmd.Stderr = env, os.Stderr, os.Stderr
		return cmd.Run()
	}
	defer func() { _ = script("down") }()
	if err := script("up", "stage3"); err != nil {
		return fmt.Errorf("stage 3 topology: %w", err)
	}
	cached := "http://127.0.0.1:" + ports[3] // the script's gateway: replica and CACHE_URL
	primaryURL := "postgres://postgres@127.0.0.1:" + ports[0] + "/postgres?sslmode=disable"
	replicaURL := "postgres://postgres@127.0.0.1:" + ports[1] + "/postgres?sslmode=disable"
	// No key is configured: every gateway shares the keys kept in the primary database.
	primaryOnly, err := startProcess(o.binary, "DATABASE_URL="+primaryURL)
	if err != nil {
		return err
	}
	defer primaryOnly.stop()
	replica, err := startProcess(o.binary, "DATABASE_URL="+primaryURL, "DATABASE_READ_URL="+replicaURL)
	if err != nil {
		return err
	}
	defer replica.stop()

	s, err := prepareShop(cached)
	if err != nil {
		return err
	}
	// Past the position's lifetime (DATABASE_READ_MAX_LAG + 1s): the customer's reads may use
	// the replica, as most reads of a real customer do.
	time.Sleep(6 * time.Second)
	healthz := scenario{method: "GET", path: "/healthz", rate: 2000}
	product := scenario{method: "GET", path: "/api/v1/products/" + s.productID, rate: 2000}
	order := scenario{method: "GET", path: "/api/v1/orders/" + s.orderID, token: s.token, rate: 2000}
	fmt.Printf("\nstage 3 (a PostgreSQL primary, a streaming replica and Redis on the same machine):\n")
	fmt.Printf("%-38s %10s %7s %9s %9s %9s %7s  %s\n", "endpoint", "max req/s", "rate", "p50", "p95", "p99", "SQL/req", "answered by (from /metrics)")
	results := map[string]result{}
	for _, m := range []struct {
		name  string
		sc    scenario
		base  string
		check check
	}{
		{"(a) products/{id}, primary only", product, primaryOnly.url, none},
		{"(a) orders/{id}, primary only", order, primaryOnly.url, none},
		{"(b) products/{id}, replica", product, replica.url, replicaReads},
		{"(b) orders/{id}, replica, no Redis", order, replica.url, replicaReads},
		{"(c) /healthz, cache gateway", healthz, cached, none},
		{"(c) products/{id}, cache hit", product, cached, cacheHits},
		{"orders/{id}, replica, Redis check", order, cached, replicaReads},
	} {
		m.sc.name = m.name
		// One read first, so that the measured reads (the statements probe too) find the
		// cache filled, as a hot entry is.
		if _, err := call(m.base, m.sc.method, m.sc.path, m.sc.token, nil, http.StatusOK); err != nil {
			return fmt.Errorf("stage 3 %s: %w", m.name, err)
		}
		before, err := m.check.count(m.base)
		if err != nil {
			return err
		}
		r, err := m.sc.measure(m.base, o)
		if err != nil {
			if m.base == cached { // the script's gateway logs to a file: show why
				if log, rerr := os.ReadFile(filepath.Join(dir, "run", "gateway.log")); rerr == nil {
					fmt.Fprintf(os.Stderr, "gateway.log ends:\n%s\n", log[max(0, len(log)-3000):])
				}
			}
			return fmt.Errorf("stage 3 %s: %w", m.name, err)
		}
		after, err := m.check.count(m.base)
		if err != nil {
			return err
		}
		share := (after - before) / float64(r.requests)
		if m.check != none && share < 0.99 {
			return fmt.Errorf("stage 3 %s: only %.0f%% of %d reads were %s", m.name, share*100, r.requests, m.check)
		}
		results[m.name] = r
		fmt.Printf("%-38s %10.0f %7d %9s %9s %9s %7s  %s\n", m.name, r.maxThroughput, m.sc.rate, round(r.p50), round(r.p95), round(r.p99), r.statements, m.check.describe(share))
	}
	hit, probe := results["(c) products/{id}, cache hit"], results["(c) /healthz, cache gateway"]
	fmt.Printf("cache hit / healthz throughput: %.2f (goal at least 0.70)\n", hit.maxThroughput/probe.maxThroughput)
	checked, unchecked := results["orders/{id}, replica, Redis check"], results["(b) orders/{id}, replica, no Redis"]
	fmt.Printf("read-your-writes check in Redis, orders/{id}: %.0f%% of the throughput without Redis, p50 %+dµs, p95 %+dµs\n",
		100*checked.maxThroughput/unchecked.maxThroughput, (checked.p50 - unchecked.p50).Microseconds(), (checked.p95 - unchecked.p95).Microseconds())
	return nil
}

// check names the /metrics series that proves who answered a measured read.
type check string

const (
	none         check = ""
	replicaReads check = "answered by the replica"
	cacheHits    check = "cache hits"
)

func (c check) describe(share float64) string {
	if c == none {
		return ""
	}
	return fmt.Sprintf("%s: %.0f%%", c, share*100)
}

// count sums the check's counters on the gateway's /metrics: the orders context's reads sent to
// the replica (db_reads_total), or the cache's hits (cache_requests_total).
func (c check) count(base string) (float64, error) {
	var name string
	var labels []string
	switch c {
	case none:
		return 0, nil
	case replicaReads:
		name, labels = "db_reads_total", []string{`context="orders"`, `target="replica"`}
	case cacheHits:
		name, labels = "cache_requests_total", []string{`result="hit"`}
	}
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s/metrics: status %d", base, resp.StatusCode)
	}
	var total float64 // a series not there yet counts as zero
	lines := bufio.NewScanner(resp.Body)
	for lines.Scan() {
		line := lines.Text()
		if !strings.HasPrefix(line, name+"{") || !containsAll(line, labels) {
			continue
		}
		value, err := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
		if err != nil {
			return 0, fmt.Errorf("%s/metrics: %q: %w", base, line, err)
		}
		total += value
	}
	return total, lines.Err()
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

func isExecutable(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode()&0o111 != 0
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	_, port, err := net.SplitHostPort(l.Addr().String())
	return port, err
}
