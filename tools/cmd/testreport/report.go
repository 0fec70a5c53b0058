package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json), build events included.
type event struct {
	Action      string
	Package     string
	Test        string
	Elapsed     float64
	Output      string
	FailedBuild string
}

type testID struct{ pkg, test string }

// skipped is a test that skipped, with what it said.
type skipped struct {
	id      testID
	message string
}

// report follows the stream: output is held per test until the test ends, and shown only when
// it failed.
type report struct {
	w      io.Writer
	held   map[testID][]string
	order  map[string][]testID // per package, its tests in the order they started
	skips  []skipped
	failed []testID // failed tests
	broken []string // failed packages
	pkgs   map[string]int
	passed int // tests
}

// Package outcomes counted in report.pkgs.
const (
	pkgOK      = "ok"
	pkgNoTests = "no test files"
)

func newReport(w io.Writer) *report {
	return &report{w: w, held: map[testID][]string{}, order: map[string][]testID{}, pkgs: map[string]int{}}
}

func (r *report) read(in io.Reader) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var ev event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &ev) != nil {
			// Not an event: go test says something (a pattern error) that must be seen.
			_, _ = fmt.Fprintf(r.w, "%s\n", line)
			continue
		}
		r.add(ev)
	}
	return sc.Err()
}

func (r *report) add(ev event) {
	id := testID{ev.Package, ev.Test}
	switch ev.Action {
	case "build-output":
		_, _ = io.WriteString(r.w, ev.Output) // compiler errors, as they come
	case "run":
		r.order[ev.Package] = append(r.order[ev.Package], id)
	case "output":
		r.held[id] = append(r.held[id], ev.Output)
	case "pass", "skip", "fail":
		if ev.Test == "" {
			r.endPackage(ev)
		} else {
			r.endTest(id, ev.Action)
		}
	}
}

func (r *report) endTest(id testID, action string) {
	switch action {
	case "pass":
		r.passed++
	case "skip":
		r.skips = append(r.skips, skipped{id, skipMessage(r.held[id])})
	case "fail":
		r.failed = append(r.failed, id)
		r.show(r.held[id])
	}
	delete(r.held, id)
}

func (r *report) endPackage(ev event) {
	switch ev.Action {
	case "fail":
		// What never ended (a panic, a timeout, TestMain) is why the package failed.
		for _, id := range r.order[ev.Package] {
			r.show(r.held[id])
		}
		r.show(r.held[testID{ev.Package, ""}])
		why := ""
		if ev.FailedBuild != "" {
			why = " [build failed]"
		}
		r.broken = append(r.broken, ev.Package+why)
		_, _ = fmt.Fprintf(r.w, "FAIL\t%s%s\n", ev.Package, why)
	case "skip":
		r.pkgs[pkgNoTests]++
	default:
		r.pkgs[pkgOK]++
		_, _ = fmt.Fprintf(r.w, "ok  \t%s\t%.1fs\n", ev.Package, ev.Elapsed)
	}
	for _, id := range r.order[ev.Package] {
		delete(r.held, id)
	}
	delete(r.held, testID{ev.Package, ""})
	delete(r.order, ev.Package)
}

// show writes held output without the lines that only frame it (=== RUN, PAUSE, CONT, NAME)
// and without the package's own verdict lines, which endPackage writes.
func (r *report) show(lines []string) {
	for _, l := range lines {
		if strings.HasPrefix(l, "=== ") || l == "PASS\n" || l == "FAIL\n" || strings.HasPrefix(l, "FAIL\t") || strings.HasPrefix(l, "ok  \t") {
			continue
		}
		_, _ = io.WriteString(r.w, l)
	}
}

// skipMessage is what a skipped test said, on one line, without file:line prefixes.
func skipMessage(lines []string) string {
	var parts []string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "--- SKIP") {
			continue
		}
		if loc, msg, ok := strings.Cut(l, ": "); ok && strings.Contains(loc, ".go:") && !strings.Contains(loc, " ") {
			l = msg
		}
		parts = append(parts, l)
	}
	return strings.Join(parts, " ")
}
