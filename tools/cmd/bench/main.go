// Command bench starts the built gateway on a fresh PostgreSQL database, drives it with a load
// generator on the same machine, and prints per endpoint: the maximum throughput at 32
// connections, latency percentiles at a fixed open-loop rate, and SQL statements per request.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"
)

type options struct {
	binary      string
	databaseURL string
	natsURL     string // empty: the split topology is not measured
	stage2Only  bool
	tempDir     string
	duration    time.Duration
	connections int
	stage3      bool
	stage3Only  bool
	growthOnly  bool
	splitOnly   bool
	repeat      int    // rounds of each growth and split measurement, to show their spread
	profileDir  string // where the split section writes CPU profiles of its processes; empty: none
	splitRate   int    // open-loop rate of the split section's write
	growthRate  int    // open-loop rate of the growth section's reads
}

func main() {
	var o options
	flag.StringVar(&o.binary, "binary", "bin/gateway", "gateway binary to measure")
	flag.StringVar(&o.databaseURL, "database-url", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable", "PostgreSQL server to create the bench database on")
	flag.DurationVar(&o.duration, "duration", 5*time.Second, "length of each measurement")
	flag.IntVar(&o.connections, "connections", 32, "concurrent connections for the throughput run")
	flag.StringVar(&o.natsURL, "nats-url", "nats://127.0.0.1:4222", "NATS server for the split topology; empty skips it")
	flag.BoolVar(&o.stage2Only, "stage2-only", false, "measure only Stage 2 (replicas behind HAProxy) and PostgreSQL alone")
	flag.BoolVar(&o.stage3Only, "stage3-only", false, "measure only Stage 3 (a primary, a streaming replica and Redis)")
	flag.BoolVar(&o.stage3, "stage3", true, "measure Stage 3 too (a streaming replica; needs root and the PostgreSQL 15 server binaries)")
	flag.BoolVar(&o.growthOnly, "growth-only", false, "measure only the data growth of the orders, products and users lists")
	flag.BoolVar(&o.splitOnly, "split-only", false, "measure only the split topology, beside the monolith")
	flag.IntVar(&o.repeat, "repeat", 1, "rounds of each growth and split measurement (their spread)")
	flag.IntVar(&o.growthRate, "growth-rate", 1000, "open-loop rate of the data growth reads")
	flag.IntVar(&o.splitRate, "split-write-rate", 500, "open-loop rate of the split topology's write (the read runs at 4x)")
	flag.StringVar(&o.profileDir, "profile", "", "write CPU profiles of the monolith and the split's gateway and orders-service, taken during the split's last round, to this directory")
	flag.Parse()
	if err := o.validate(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		flag.Usage()
		os.Exit(2)
	}
	if err := run(context.Background(), o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// validate refuses flags that contradict each other: at most one -*-only, a positive count.
func (o options) validate() error {
	only := 0
	for _, b := range []bool{o.stage2Only, o.stage3Only, o.growthOnly, o.splitOnly} {
		if b {
			only++
		}
	}
	switch {
	case only > 1:
		return errors.New("choose at most one of -stage2-only, -stage3-only, -growth-only, -split-only")
	case o.splitOnly && o.natsURL == "":
		return errors.New("-split-only needs -nats-url")
	case o.splitRate < 1 || o.growthRate < 1:
		return fmt.Errorf("-split-write-rate and -growth-rate must be at least 1, not %d and %d", o.splitRate, o.growthRate)
	case o.repeat < 1:
		return fmt.Errorf("-repeat must be at least 1, not %d", o.repeat)
	case o.duration <= 0 || o.connections < 1:
		return errors.New("-duration and -connections must be positive")
	}
	return nil
}

func run(ctx context.Context, o options) error {
	dir, err := os.MkdirTemp("", "bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	o.tempDir = dir
	if o.stage2Only {
		return stage2(ctx, o)
	}
	if o.stage3Only {
		return stage3(o)
	}
	if o.growthOnly {
		return growth(ctx, o)
	}
	dbURL, dropDB, err := createDatabase(ctx, o.databaseURL)
	if err != nil {
		return err
	}
	defer dropDB()

	gw, err := startGateway(o.binary, dbURL)
	if err != nil {
		return err
	}
	firstStart := gw.startup
	gw.stop()
	// Measure start-up again now that migrations are applied, as the target is stated.
	metrics, metricsAddr, err := metricsEnv(o)
	if err != nil {
		return err
	}
	if gw, err = startGateway(o.binary, dbURL, metrics...); err != nil {
		return err
	}
	gw.metricsAddr = metricsAddr
	defer gw.stop()
	fmt.Printf("start-up to first healthy /healthz: %s (first start, migrating: %s)\n\n", round(gw.startup), round(firstStart))

	shop, err := prepareShop(gw.url)
	if err != nil {
		return err
	}
	if o.splitOnly {
		return split(ctx, o, gw, shop)
	}
	orderBody := []byte(fmt.Sprintf(`{"items":[{"product_id":%q,"quantity":2}]}`, shop.productID))
	scenarios := []scenario{
		{name: "GET /healthz", method: "GET", path: "/healthz", rate: 2000},
		{name: "GET /api/v1/auth/me", method: "GET", path: "/api/v1/auth/me", token: shop.token, rate: 2000},
		{name: "POST /api/v1/orders", method: "POST", path: "/api/v1/orders", token: shop.token, body: orderBody, rate: 500},
		{name: "GET /api/v1/orders/{id}", method: "GET", path: "/api/v1/orders/" + shop.orderID, token: shop.token, rate: 2000},
	}
	printHeader()
	for _, s := range scenarios {
		r, err := s.measure(gw.url, o)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		fmt.Printf("%-34s %12.0f %10d %10s %10s %10s %8s\n", s.name, r.maxThroughput, s.rate, round(r.p50), round(r.p95), round(r.p99), r.statements)
	}
	if err := growth(ctx, o); err != nil {
		return err
	}
	if o.natsURL != "" {
		if err := split(ctx, o, gw, shop); err != nil {
			return err
		}
	}
	if err := stage2(ctx, o); err != nil {
		return err
	}
	if o.stage3 {
		return stage3(o)
	}
	return nil
}

func printHeader() {
	fmt.Printf("%-34s %12s %10s %10s %10s %10s %8s\n", "endpoint", "max req/s", "rate", "p50", "p95", "p99", "SQL/req")
}

func round(d time.Duration) time.Duration {
	switch {
	case d > 10*time.Millisecond:
		return d.Round(100 * time.Microsecond)
	default:
		return d.Round(time.Microsecond)
	}
}
