// Command vulncheck runs govulncheck on each module directory it is given and judges the
// findings against a reviewed list of exceptions (accepted.json): see classify for the rules.
// It exits 0 when nothing but live, reviewed exceptions without a fix is reached, 1 when the
// rules fail, 2 when a scan cannot run. Give it every module (as `make vulncheck` does): an
// exception that none of the modules given reaches is stale.
//
//	go run ./tools/cmd/vulncheck -db file:///abs/path/to/vulndb platform auth …
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"

	"golang.org/x/vuln/scan"
)

func main() {
	db := flag.String("db", "https://vuln.go.dev", "vulnerability database URL (file:///… for a local one)")
	acceptedFile := flag.String("accepted", "", "reviewed exceptions (default: the accepted.json built into this command)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: vulncheck [-db URL] [-accepted FILE] MODULE_DIR...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	code, err := run(context.Background(), *db, *acceptedFile, flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "vulncheck:", err)
	}
	os.Exit(code)
}

func run(ctx context.Context, db, acceptedFile string, dirs []string) (int, error) {
	raw := acceptedJSON
	if acceptedFile != "" {
		b, err := os.ReadFile(acceptedFile)
		if err != nil {
			return 2, err
		}
		raw = b
	}
	list, err := parseAccepted(raw)
	if err != nil {
		return 2, err
	}
	// One module at a time: each scan loads and type-checks the whole module, which is memory
	// and CPU enough on a small machine.
	var scans []scanResult
	for _, dir := range dirs {
		fmt.Fprintf(os.Stderr, "vulncheck: scanning %s\n", dir)
		var out bytes.Buffer
		cmd := scan.Command(ctx, "-C", dir, "-db", db, "-format", "json", "./...")
		cmd.Stdout, cmd.Stderr = &out, os.Stderr
		if err := cmd.Start(); err != nil {
			return 2, fmt.Errorf("govulncheck %s: %w", dir, err)
		}
		if err := cmd.Wait(); err != nil {
			return 2, fmt.Errorf("govulncheck %s: %w", dir, err)
		}
		s, err := readScan(dir, &out)
		if err != nil {
			return 2, err
		}
		scans = append(scans, s)
	}
	r := classify(scans, list)
	r.print(os.Stdout)
	if r.failures() > 0 {
		return 1, nil
	}
	return 0, nil
}
