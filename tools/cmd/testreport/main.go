// Command testreport turns `go test -json` into what a person reads after `make test`: a line
// per package, the output of every failed test, then, loudly, the tests that skipped because a
// service they need (PostgreSQL, NATS, Redis, Chromium, haproxy…) is missing, and one summary
// line. It exits 1 when a test or a package failed, or when the stream held no package at all.
//
//	go test -json ./... | go run ./tools/cmd/testreport -since "$(date +%s)"
//
// A test skips for a missing service by saying so with "CI=true" in its skip message ("…: skipping
// (set CI=true to fail instead)"), as platform/dbtest does: with CI=true such a test fails instead.
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"
)

func main() {
	since := flag.String("since", "", "Unix time (seconds, fractions allowed) the run began, for the elapsed time (default: when this command started)")
	flag.Parse()
	start := time.Now()
	if *since != "" {
		secs, err := strconv.ParseFloat(*since, 64)
		if err != nil {
			fmt.Fprintf(os.Stderr, "testreport: -since %q: %v\n", *since, err)
			os.Exit(2)
		}
		start = time.Unix(0, int64(secs*float64(time.Second)))
	}
	r := newReport(os.Stdout)
	if err := r.read(os.Stdin); err != nil {
		fmt.Fprintln(os.Stderr, "testreport:", err)
		os.Exit(2)
	}
	r.summarise(time.Since(start))
	if !r.ok() {
		os.Exit(1)
	}
}
