package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// testdata/stream.jsonl is the real `go test -json` of a small fixture module: package a passes
// (one test skipped for PostgreSQL, one subtest skipped on purpose), b has a failed subtest and
// skips for PostgreSQL and Chromium, c panics, d does not compile, e has no tests.
func readFixture(t *testing.T) (*report, string) {
	t.Helper()
	f, err := os.Open("testdata/stream.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out bytes.Buffer
	r := newReport(&out)
	if err := r.read(f); err != nil {
		t.Fatal(err)
	}
	r.summarise(83 * time.Second)
	return r, out.String()
}

func TestReportOfARealStream(t *testing.T) {
	t.Parallel()
	r, out := readFixture(t)
	if r.ok() {
		t.Error("ok() = true for a stream with failures")
	}
	tests := []struct {
		name string
		want string
	}{
		{"a passing package is one line", "ok  \texample.com/fixture/a\t0.1s\n"},
		{"a failed test shows what it logged", "    b_test.go:12: got 1, want 2\n--- FAIL: TestFails/sub"},
		{"a compile error is shown", `d/d.go:3:28: cannot use "x"`},
		{"a package that does not build says so", "FAIL\texample.com/fixture/d [build failed]\n"},
		{"a panic is shown", "panic: assignment to entry in nil map"},
		{"skips for a missing service are counted loudly", "!!! 3 tests SKIPPED because a service they need is missing"},
		{"identical skips are one group, with their packages", "!!!   2 × PostgreSQL not reachable at postgres://127.0.0.1:5432/test: skipping (set CI=true to fail instead): connection refused\n!!!       in example.com/fixture/a, example.com/fixture/b\n"},
		{"other skips are listed apart", "skipped on purpose (1):\n  example.com/fixture/a TestTable/two: the sum overflows\n"},
		{"failed packages and tests are listed", "FAILED packages (3): example.com/fixture/b, example.com/fixture/d [build failed], example.com/fixture/c\n  FAIL example.com/fixture/b TestFails/sub\n"},
		{"the summary line ends the report", "FAIL: packages 1 ok, 3 failed, 1 without tests; tests 3 passed, 3 failed, 4 skipped (3 for a missing service); 1m23s\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if !strings.Contains(out, tt.want) {
				t.Errorf("report lacks %q; got:\n%s", tt.want, out)
			}
		})
	}
	if !strings.HasSuffix(out, tests[len(tests)-1].want) {
		t.Errorf("the report does not end with its summary line:\n%s", out)
	}
	for _, hidden := range []string{"=== RUN", "TestPasses", "TestTable/one"} {
		if strings.Contains(out, hidden) {
			t.Errorf("report shows %q, which only passing tests and framing say:\n%s", hidden, out)
		}
	}
}

func TestReportVerdict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, stream string
		wantOK       bool
	}{
		{"every test passed", `{"Action":"run","Package":"p","Test":"T"}
{"Action":"pass","Package":"p","Test":"T"}
{"Action":"pass","Package":"p","Elapsed":1}`, true},
		{"only packages without tests", `{"Action":"skip","Package":"p"}`, true},
		{"a skip is no failure", `{"Action":"skip","Package":"p","Test":"T"}
{"Action":"pass","Package":"p"}`, true},
		{"nothing ran (go test failed before any package)", "pattern ./x/...: directory prefix x does not contain modules", false},
		{"a test failed", `{"Action":"fail","Package":"p","Test":"T"}
{"Action":"fail","Package":"p"}`, false},
		{"a package failed without a failed test (TestMain, timeout)", `{"Action":"fail","Package":"p"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			r := newReport(&out)
			if err := r.read(strings.NewReader(tt.stream)); err != nil {
				t.Fatal(err)
			}
			if got := r.ok(); got != tt.wantOK {
				t.Errorf("ok() = %v, want %v; report:\n%s", got, tt.wantOK, out.String())
			}
		})
	}
}

func TestSkipMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"the location prefix goes", []string{"=== RUN   TestX\n", "    dbtest.go:114: PostgreSQL not reachable at x: skipping\n", "--- SKIP: TestX (0.00s)\n"},
			"PostgreSQL not reachable at x: skipping"},
		{"a message without location stays", []string{"    no location: here\n"}, "no location: here"},
		{"several lines become one", []string{"    a_test.go:3: first\n", "    second\n"}, "first second"},
		{"a skip that says nothing", []string{"--- SKIP: TestX (0.00s)\n"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := skipMessage(tt.lines); got != tt.want {
				t.Errorf("skipMessage = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestForMissingService(t *testing.T) {
	t.Parallel()
	for message, want := range map[string]bool{
		"PostgreSQL not reachable at x: skipping (set CI=true to fail instead): refused":                 true,
		"!!! NATS JetStream not reachable at x: SKIPPING the broker tests (set CI=true to fail instead)": true,
		"the sum overflows":                          false,
		"compiles every binary; skipped with -short": false,
	} {
		if got := forMissingService(message); got != want {
			t.Errorf("forMissingService(%q) = %v, want %v", message, got, want)
		}
	}
}
