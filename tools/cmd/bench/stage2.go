package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// stage2 measures Stage 2: three gateways on one database behind HAProxy (round-robin). It
// reports the latency the load balancer's hop adds at a fixed rate, the throughput of 1, 2 and 3
// replicas at a fixed number of connections with the CPU each request costs the gateways,
// HAProxy and PostgreSQL, and PostgreSQL's own capacity on this machine (pgbench), from which
// docs/speed.md works out how many replicas one primary carries.
func stage2(ctx context.Context, o options) error {
	if _, err := exec.LookPath("haproxy"); err != nil {
		fmt.Println("\nstage 2: haproxy is not installed, not measured")
		return nil
	}
	dbURL, drop, err := createDatabase(ctx, o.databaseURL)
	if err != nil {
		return err
	}
	defer drop()
	// No key is configured: the replicas share the keys kept in the database.
	var replicas []*gateway
	for i := range 3 {
		g, err := startProcess(o.binary, "DATABASE_URL="+dbURL, "RATE_LIMITS=off", "DB_POOL_MAX=5",
			fmt.Sprintf("INSTANCE_NAME=replica-%d", i+1),
			"BOOTSTRAP_ADMIN_EMAIL="+benchAdminEmail, "BOOTSTRAP_ADMIN_PASSWORD="+benchAdminPassword)
		if err != nil {
			return err
		}
		defer g.stop()
		replicas = append(replicas, g)
	}
	s, err := prepareShop(replicas[0].url)
	if err != nil {
		return err
	}
	read := scenario{name: "GET /api/v1/orders/{id}", method: "GET", path: "/api/v1/orders/" + s.orderID, token: s.token, rate: 1000}
	write := scenario{name: "POST /api/v1/orders", method: "POST", path: "/api/v1/orders", token: s.token,
		body: []byte(fmt.Sprintf(`{"items":[{"product_id":%q,"quantity":2}]}`, s.productID))}

	fmt.Printf("\nstage 2: the load balancer's hop (one replica), %s at %d/s:\n", read.name, read.rate)
	fmt.Printf("%-22s %10s %10s %10s\n", "", "p50", "p95", "p99")
	lb, err := startHAProxy(o.tempDir, replicas[:1])
	if err != nil {
		return err
	}
	var p50, p95 [2]time.Duration
	for i, target := range []struct{ name, url string }{{"direct", replicas[0].url}, {"through HAProxy", lb.url}} {
		m, err := read.attack(openAttacker(), target.url, rateOf(read.rate), o.duration)
		if err != nil {
			lb.stop()
			return fmt.Errorf("stage 2 hop %s: %w", target.name, err)
		}
		p50[i], p95[i] = m.Latencies.P50, m.Latencies.P95
		fmt.Printf("%-22s %10s %10s %10s\n", target.name, round(m.Latencies.P50), round(m.Latencies.P95), round(m.Latencies.P99))
	}
	fmt.Printf("%-22s %10s %10s\n", "added by the hop", round(p50[1]-p50[0]), round(p95[1]-p95[0]))
	lb.stop()

	fmt.Printf("\nstage 2: throughput at %d connections through HAProxy, and CPU per request (ms):\n", o.connections)
	fmt.Printf("%-26s %9s %10s %9s %9s %9s\n", "endpoint", "replicas", "req/s", "gateways", "haproxy", "postgres")
	for n := 1; n <= len(replicas); n++ {
		lb, err := startHAProxy(o.tempDir, replicas[:n])
		if err != nil {
			return err
		}
		for _, sc := range []scenario{read, write} {
			if err := throughput(sc, lb, replicas[:n], n, o); err != nil {
				lb.stop()
				return err
			}
		}
		lb.stop()
	}
	return pgbench(ctx, o)
}

// throughput runs sc closed-loop through lb and prints the rate with the CPU time per request
// of each tier, read from /proc before and after.
func throughput(sc scenario, lb *gateway, replicas []*gateway, n int, o options) error {
	var gateways []int
	for _, r := range replicas {
		gateways = append(gateways, r.cmd.Process.Pid)
	}
	pg := postgresPIDs()
	gw0, lb0, pg0 := cpuTicks(gateways), cpuTicks([]int{lb.cmd.Process.Pid}), cpuTicks(pg)
	closed := vegeta.NewAttacker(vegeta.Workers(uint64(o.connections)), vegeta.MaxWorkers(uint64(o.connections)),
		vegeta.Connections(o.connections), vegeta.KeepAlive(true))
	m, err := sc.attack(closed, lb.url, vegeta.Rate{Freq: 0}, o.duration)
	if err != nil {
		return fmt.Errorf("stage 2 %s with %d replicas: %w", sc.name, n, err)
	}
	perRequest := func(ticks uint64) string {
		// USER_HZ is 100 on Linux: a tick is 10ms of CPU.
		return fmt.Sprintf("%.3f", float64(ticks)*10/float64(m.Requests))
	}
	fmt.Printf("%-26s %9d %10.0f %9s %9s %9s\n", sc.name, n, m.Throughput,
		perRequest(cpuTicks(gateways)-gw0), perRequest(cpuTicks([]int{lb.cmd.Process.Pid})-lb0), perRequest(cpuTicks(pg)-pg0))
	return nil
}

// startHAProxy runs HAProxy round-robin over replicas, checking /readyz as the shipped
// configuration does, and waits until it answers.
func startHAProxy(dir string, replicas []*gateway) (*gateway, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	var cfg strings.Builder
	fmt.Fprintf(&cfg, `global
    maxconn 4096
defaults
    mode http
    option redispatch
    retries 2
    retry-on conn-failure
    timeout connect 3s
    timeout client 60s
    timeout server 60s
frontend api
    bind %s
    default_backend gateways
backend gateways
    balance roundrobin
    option httpchk
    http-check send meth GET uri /readyz
    default-server check inter 2s fall 2 rise 2
`, addr)
	for i, r := range replicas {
		fmt.Fprintf(&cfg, "    server replica-%d %s\n", i+1, strings.TrimPrefix(r.url, "http://"))
	}
	path := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(path, []byte(cfg.String()), 0o600); err != nil {
		return nil, err
	}
	cmd := exec.Command("haproxy", "-db", "-f", path)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	lb := &gateway{cmd: cmd, url: "http://" + addr, dir: filepath.Join(dir, "haproxy-unused")}
	for range 500 {
		if _, err := call(lb.url, "GET", "/healthz", "", nil, 200); err == nil {
			return lb, nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	lb.stop()
	return nil, errors.New("haproxy did not answer within 5s")
}

// cpuTicks is the user and system CPU time, in ticks, the processes used so far.
func cpuTicks(pids []int) uint64 {
	var total uint64
	for _, pid := range pids {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue // exited: its time is lost, as it would be in top
		}
		// The fields after the command name, which is in parentheses and may hold spaces.
		fields := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(fields) > 12 {
			u, _ := strconv.ParseUint(fields[11], 10, 64) // utime, field 14
			s, _ := strconv.ParseUint(fields[12], 10, 64) // stime, field 15
			total += u + s
		}
	}
	return total
}

// postgresPIDs are the PostgreSQL server's processes on this machine (all of them: the bench
// shares the server with nothing else while it runs, or its figures say so).
func postgresPIDs() []int { return processPIDs("postgres") }

// processPIDs are the processes on this machine whose command is comm.
func processPIDs(comm string) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if c, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid)); err == nil && strings.TrimSpace(string(c)) == comm {
			pids = append(pids, pid)
		}
	}
	return pids
}

var tps = regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`)

// pgbench measures PostgreSQL alone on this machine: read-only point selects (-S) and pgbench's
// simple-update transaction (-N), at 16 clients, on a scale-10 data set in a fresh database.
func pgbench(ctx context.Context, o options) error {
	if _, err := exec.LookPath("pgbench"); err != nil {
		fmt.Println("\npgbench is not installed: PostgreSQL's own capacity not measured")
		return nil
	}
	dbURL, drop, err := createDatabase(ctx, o.databaseURL)
	if err != nil {
		return err
	}
	defer drop()
	if out, err := exec.CommandContext(ctx, "pgbench", "-i", "-q", "-s", "10", dbURL).CombinedOutput(); err != nil {
		return fmt.Errorf("pgbench -i: %w: %s", err, out)
	}
	fmt.Printf("\nPostgreSQL alone (pgbench, 16 clients, %s each):\n", o.duration)
	seconds := strconv.Itoa(int(o.duration.Seconds()))
	for _, mode := range []struct{ name, flag string }{{"select by primary key (-S)", "-S"}, {"simple update, 5 statements (-N)", "-N"}} {
		out, err := exec.CommandContext(ctx, "pgbench", mode.flag, "-n", "-c", "16", "-j", "2", "-T", seconds, dbURL).CombinedOutput()
		if err != nil {
			return fmt.Errorf("pgbench %s: %w: %s", mode.flag, err, out)
		}
		m := tps.FindSubmatch(out)
		if m == nil {
			return fmt.Errorf("pgbench %s: no tps in %s", mode.flag, out)
		}
		fmt.Printf("%-36s %10s tps\n", mode.name, m[1])
	}
	return nil
}
