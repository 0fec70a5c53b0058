package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

const (
	echo4  = "github.com/labstack/echo/v4"
	xnet   = "golang.org/x/net"
	header = `{"config":{"protocol_version":"v1.0.0","scanner_name":"govulncheck","go_version":"go1.27.3","scan_level":"symbol","scan_mode":"source"}}
{"progress":{"message":"Scanning your code and 42 packages across 7 dependent modules for known vulnerabilities..."}}
{"osv":{"id":"GO-2026-6875","summary":"Reverse Proxy Forwards Attacker-Supplied X-Real-IP"}}
{"osv":{"id":"GO-2026-7001","summary":"Header smuggling in golang.org/x/net/http2"}}
`
)

// called is a symbol-level finding: platform/httpx.New reaches module's function fn.
func called(id, module, fixed, fn string) string {
	return fmt.Sprintf(`{"finding":{"osv":%q,"fixed_version":%q,"trace":[
  {"module":%q,"version":"v4.16.0","package":%q,"function":%q,"position":{"filename":"echo.go","line":10,"column":1}},
  {"module":"github.com/modmono/platform","package":"github.com/modmono/platform/httpx","function":"New","position":{"filename":"httpx/server.go","line":84,"column":15}}]}}
`, id, fixed, module, module, fn)
}

// required is a module-level finding (the module is required, nothing of it is reached) and
// imported a package-level one (a vulnerable package is imported, no vulnerable function called).
func required(id, module, fixed string) string {
	return fmt.Sprintf(`{"finding":{"osv":%q,"fixed_version":%q,"trace":[{"module":%q,"version":"v4.16.0"}]}}
`, id, fixed, module)
}

func imported(id, module string) string {
	return fmt.Sprintf(`{"finding":{"osv":%q,"trace":[{"module":%q,"version":"v4.16.0","package":%q}]}}
`, id, module, module)
}

func accept(id, module string) exception {
	return exception{ID: id, Module: module, Reason: "reviewed: the vulnerable middleware is not used", Reviewed: "2026-11-27"}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		streams   map[string]string // module directory → govulncheck's JSON stream
		accepted  []exception
		want      []string // "dir id verdict" per reached advisory
		wantStale []string
	}{
		{
			name:     "an accepted advisory without a fixed version passes",
			streams:  map[string]string{"platform": header + called("GO-2026-6875", echo4, "", "Add")},
			accepted: []exception{accept("GO-2026-6875", echo4)},
			want:     []string{"platform GO-2026-6875 accepted"},
		},
		{
			name:    "a reached advisory that is not listed fails",
			streams: map[string]string{"platform": header + called("GO-2026-7001", xnet, "v0.63.0", "Serve")},
			want:    []string{"platform GO-2026-7001 unlisted"},
		},
		{
			name:     "an accepted advisory fails once a fixed version exists",
			streams:  map[string]string{"platform": header + called("GO-2026-6875", echo4, "v4.16.2", "Add")},
			accepted: []exception{accept("GO-2026-6875", echo4)},
			want:     []string{"platform GO-2026-6875 fix-available"},
		},
		{
			name:      "an accepted advisory that no module reaches is stale",
			streams:   map[string]string{"platform": header, "auth": header},
			accepted:  []exception{accept("GO-2026-6875", echo4)},
			wantStale: []string{"GO-2026-6875"},
		},
		{
			name: "module- and package-level findings do not count, and do not keep an exception alive",
			streams: map[string]string{"platform": header + required("GO-2026-6875", echo4, "") + imported("GO-2026-6875", echo4) +
				required("GO-2026-7001", xnet, "v0.63.0")},
			accepted:  []exception{accept("GO-2026-6875", echo4)},
			wantStale: []string{"GO-2026-6875"},
		},
		{
			name:      "an exception covers only the module it names",
			streams:   map[string]string{"platform": header + called("GO-2026-6875", echo4, "", "Add")},
			accepted:  []exception{accept("GO-2026-6875", "github.com/labstack/echo/v5")},
			want:      []string{"platform GO-2026-6875 unlisted"},
			wantStale: []string{"GO-2026-6875"},
		},
		{
			name: "one advisory reached from two modules through several traces is one result per module",
			streams: map[string]string{
				"platform": header + called("GO-2026-6875", echo4, "", "Add") + called("GO-2026-6875", echo4, "", "Use"),
				"gateway":  header + called("GO-2026-6875", echo4, "", "New"),
			},
			accepted: []exception{accept("GO-2026-6875", echo4)},
			want:     []string{"gateway GO-2026-6875 accepted", "platform GO-2026-6875 accepted"},
		},
		{
			name: "each module is judged on its own",
			streams: map[string]string{
				"platform": header + called("GO-2026-6875", echo4, "", "Add"),
				"tools":    header + called("GO-2026-7001", xnet, "v0.63.0", "Serve"),
			},
			accepted: []exception{accept("GO-2026-6875", echo4)},
			want:     []string{"platform GO-2026-6875 accepted", "tools GO-2026-7001 unlisted"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := classify(scanAll(t, tt.streams), tt.accepted)
			var got, stale []string
			for _, m := range r.modules {
				for _, res := range m.results {
					got = append(got, fmt.Sprintf("%s %s %s", m.dir, res.id, verdictNames[res.verdict]))
				}
			}
			for _, e := range r.stale {
				stale = append(stale, e.ID)
			}
			if !slices.Equal(got, tt.want) || !slices.Equal(stale, tt.wantStale) {
				t.Errorf("results %q, stale %q\nwant    %q, stale %q", got, stale, tt.want, tt.wantStale)
			}
			if wantFailures := len(tt.wantStale) + countNot(tt.want, "accepted"); r.failures() != wantFailures {
				t.Errorf("failures() = %d, want %d", r.failures(), wantFailures)
			}
		})
	}
}

var verdictNames = map[verdict]string{accepted: "accepted", unlisted: "unlisted", fixAvailable: "fix-available"}

// scanAll decodes the streams in the order of their directory names, as if scanned in turn.
func scanAll(t *testing.T, streams map[string]string) []scanResult {
	t.Helper()
	var dirs []string
	for dir := range streams {
		dirs = append(dirs, dir)
	}
	slices.Sort(dirs)
	var scans []scanResult
	for _, dir := range dirs {
		s, err := readScan(dir, strings.NewReader(streams[dir]))
		if err != nil {
			t.Fatal(err)
		}
		scans = append(scans, s)
	}
	return scans
}

func countNot(lines []string, suffix string) int {
	n := 0
	for _, l := range lines {
		if !strings.HasSuffix(l, " "+suffix) {
			n++
		}
	}
	return n
}

func TestReportSaysWhatToDo(t *testing.T) {
	t.Parallel()
	streams := map[string]string{
		"platform": header + called("GO-2026-6875", echo4, "v4.16.2", "Add") + called("GO-2026-7001", xnet, "v0.63.0", "Serve") +
			`{"finding":{"osv":"GO-2026-6607","fixed_version":"v1.26.9","trace":[{"module":"stdlib","version":"v1.26.8","package":"crypto/tls","function":"Read","receiver":"*Conn"}]}}`,
		"auth": header,
	}
	r := classify(scanAll(t, streams), []exception{accept("GO-2026-6875", echo4), accept("GO-2026-6872", echo4)})
	var out strings.Builder
	r.print(&out)
	for _, want := range []string{
		"govulncheck with go1.27.3",
		"== auth\n   no vulnerable function reached",
		"GO-2026-6875 in github.com/labstack/echo/v4@v4.16.0 is accepted, but a fix exists now: upgrade to v4.16.2 and remove the exception",
		"GO-2026-7001 in golang.org/x/net@v4.16.0 is not in the accepted list; fixed in v0.63.0: upgrade to it",
		"Header smuggling in golang.org/x/net/http2",
		"GO-2026-6607 in stdlib@v1.26.8 is not in the accepted list; fixed in Go 1.26.9: raise the Makefile's GOTOOLCHAIN",
		"example: httpx/server.go:84:15: httpx.New → net.Serve",
		"stale exception: no module reaches GO-2026-6872 of github.com/labstack/echo/v4",
		"vulncheck: 4 failure(s)",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestReportExplainsEachAcceptedAdvisoryOnce(t *testing.T) {
	t.Parallel()
	streams := map[string]string{
		"auth":     header + called("GO-2026-6875", echo4, "", "New"),
		"platform": header + called("GO-2026-6875", echo4, "", "Add"),
	}
	r := classify(scanAll(t, streams), []exception{accept("GO-2026-6875", echo4)})
	var out strings.Builder
	r.print(&out)
	if got := strings.Count(out.String(), "the vulnerable middleware is not used"); got != 1 {
		t.Errorf("the reason appears %d times, want once:\n%s", got, out.String())
	}
	if !strings.Contains(out.String(), "accepted GO-2026-6875 in github.com/labstack/echo/v4@v4.16.0 (no fixed version; reviewed 2026-11-27)") ||
		!strings.HasSuffix(out.String(), "vulncheck: ok (only reviewed exceptions without a fix are reached)\n") {
		t.Errorf("report:\n%s", out.String())
	}
}

func TestExampleTraceIsTheShortestEntryPointFirst(t *testing.T) {
	t.Parallel()
	long := `{"finding":{"osv":"GO-2026-6875","trace":[
  {"module":"github.com/labstack/echo/v4","version":"v4.16.0","package":"github.com/labstack/echo/v4","function":"Unwrap","receiver":"*HTTPError"},
  {"module":"stdlib","version":"v1.27.3","package":"errors","function":"As"},
  {"module":"github.com/modmono/platform","package":"github.com/modmono/platform/errs","function":"As","position":{"filename":"errs/errs.go","line":75,"column":17}}]}}
`
	tests := []struct{ name, stream, want string }{
		{"one trace, entry point first", long, "errs/errs.go:75:17: errs.As → errors.As → echo.HTTPError.Unwrap"},
		{"the shortest of several", long + called("GO-2026-6875", echo4, "", "Add"), "httpx/server.go:84:15: httpx.New → echo.Add"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := classify(scanAll(t, map[string]string{"platform": header + tt.stream}), nil)
			if got := render(r.modules[0].results[0].example); got != tt.want {
				t.Errorf("example %q, want %q", got, tt.want)
			}
		})
	}
}
