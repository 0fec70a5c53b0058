package main

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// forMissingService reports whether a skip message is that of a test whose service is missing:
// such a test says that CI=true would make it fail instead.
func forMissingService(message string) bool {
	return strings.Contains(message, "CI=true")
}

// maxOtherSkips bounds the list of skips that have nothing to do with services.
const maxOtherSkips = 20

// summarise writes, after every package line, the skips (those for a missing service first,
// grouped by message), the failed tests, and one summary line.
func (r *report) summarise(elapsed time.Duration) {
	p := func(format string, args ...any) { _, _ = fmt.Fprintf(r.w, format, args...) }
	var missing, other []skipped
	for _, s := range r.skips {
		if forMissingService(s.message) {
			missing = append(missing, s)
		} else {
			other = append(other, s)
		}
	}
	if len(other) > 0 {
		p("\nskipped on purpose (%d):\n", len(other))
		for i, s := range other {
			if i == maxOtherSkips {
				p("  … and %d more\n", len(other)-i)
				break
			}
			p("  %s %s: %s\n", s.id.pkg, s.id.test, s.message)
		}
	}
	if len(missing) > 0 {
		p("\n!!! %d tests SKIPPED because a service they need is missing (with CI=true they fail):\n", len(missing))
		for _, g := range groupByMessage(missing) {
			p("!!!   %d × %s\n!!!       in %s\n", g.count, g.message, strings.Join(g.pkgs, ", "))
		}
	}
	if len(r.failed) > 0 || len(r.broken) > 0 {
		p("\nFAILED packages (%d): %s\n", len(r.broken), strings.Join(r.broken, ", "))
		for _, id := range r.failed {
			p("  FAIL %s %s\n", id.pkg, id.test)
		}
	}
	verdict := "PASS"
	if !r.ok() {
		verdict = "FAIL"
	}
	p("\n%s: packages %d ok, %d failed, %d without tests; tests %d passed, %d failed, %d skipped (%d for a missing service); %s\n",
		verdict, r.pkgs[pkgOK], len(r.broken), r.pkgs[pkgNoTests], r.passed, len(r.failed), len(r.skips), len(missing),
		elapsed.Round(time.Second))
}

// ok: something ran, and nothing failed.
func (r *report) ok() bool {
	return len(r.broken) == 0 && len(r.failed) == 0 && r.pkgs[pkgOK]+r.pkgs[pkgNoTests] > 0
}

type skipGroup struct {
	message string
	count   int
	pkgs    []string
}

// groupByMessage folds the skips that say the same thing (every PostgreSQL test of a run says
// the same) into one group, with the packages they are in; the largest group comes first.
func groupByMessage(skips []skipped) []skipGroup {
	var groups []skipGroup
	for _, s := range skips {
		i := slices.IndexFunc(groups, func(g skipGroup) bool { return g.message == s.message })
		if i < 0 {
			groups = append(groups, skipGroup{message: s.message})
			i = len(groups) - 1
		}
		groups[i].count++
		if !slices.Contains(groups[i].pkgs, s.id.pkg) {
			groups[i].pkgs = append(groups[i].pkgs, s.id.pkg)
		}
	}
	slices.SortStableFunc(groups, func(a, b skipGroup) int { return b.count - a.count })
	return groups
}
