package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// stage3 starts the Stage 3 topology with the script `make stage3` runs (a PostgreSQL primary,
// a streaming replica, Redis and a gateway reading from the replica with read-your-writes kept
// in Redis), adds two gateways on the same databases (the primary only, and the replica without
// Redis), and measures the same reads on each: the primary against the replica, and the cost of
// the read-your-writes check (the Redis lookup of the user's position) per read.
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
	withReplica := "http://127.0.0.1:" + ports[3]
	primaryURL := "postgres://postgres@127.0.0.1:" + ports[0] + "/postgres?sslmode=disable"
	replicaURL := "postgres://postgres@127.0.0.1:" + ports[1] + "/postgres?sslmode=disable"
	keyFile := "JWT_SIGNING_KEY_FILE=" + filepath.Join(dir, "stage3", "jwt.pem")
	primaryOnly, err := startProcess(o.binary, "DATABASE_URL="+primaryURL, keyFile)
	if err != nil {
		return err
	}
	defer primaryOnly.stop()
	noRedis, err := startProcess(o.binary, "DATABASE_URL="+primaryURL, "DATABASE_READ_URL="+replicaURL, keyFile)
	if err != nil {
		return err
	}
	defer noRedis.stop()

	s, err := prepareShop(withReplica)
	if err != nil {
		return err
	}
	// Past the position's lifetime (DATABASE_READ_MAX_LAG + 1s): the customer's reads may use
	// the replica, as most reads of a real customer do.
	time.Sleep(6 * time.Second)
	product := scenario{method: "GET", path: "/api/v1/products/" + s.productID, rate: 2000}
	order := scenario{method: "GET", path: "/api/v1/orders/" + s.orderID, token: s.token, rate: 2000}
	fmt.Printf("\nstage 3 (a PostgreSQL primary and a streaming replica on the same machine):\n")
	printHeader()
	for _, m := range []struct {
		name string
		sc   scenario
		base string
	}{
		{"products/{id}, primary only", product, primaryOnly.url},
		{"products/{id}, replica", product, withReplica},
		{"orders/{id}, primary only", order, primaryOnly.url},
		{"orders/{id}, replica, no check", order, noRedis.url},
		{"orders/{id}, replica, Redis check", order, withReplica},
	} {
		m.sc.name = m.name
		r, err := m.sc.measure(m.base, o)
		if err != nil {
			return fmt.Errorf("stage 3 %s: %w", m.name, err)
		}
		fmt.Printf("%-34s %12.0f %10d %10s %10s %10s %8s\n", m.name, r.maxThroughput, m.sc.rate, round(r.p50), round(r.p95), round(r.p99), r.statements)
	}
	return nil
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
