package main

import (
	"fmt"
	"io"
	"strings"
)

// print writes the report for people: per module what is accepted and why, what fails and what
// to do about it, then the stale exceptions and the verdict.
func (r report) print(w io.Writer) {
	p := func(format string, args ...any) { _, _ = fmt.Fprintf(w, format, args...) }
	p("govulncheck with %s\n", r.goVersion)
	explained := map[*exception]bool{} // each reason is printed in full once
	for _, m := range r.modules {
		p("== %s\n", m.dir)
		if len(m.results) == 0 {
			p("   no vulnerable function reached\n")
		}
		for _, res := range m.results {
			at := res.module + "@" + res.version
			switch res.verdict {
			case accepted:
				p("   accepted %s in %s (no fixed version; reviewed %s)\n", res.id, at, res.exception.Reviewed)
				if explained[res.exception] {
					p("      why: as above\n")
					continue
				}
				explained[res.exception] = true
				p("      %s\n%s", res.summary, wrap(res.exception.Reason, "      why: ", "           "))
			case unlisted:
				p("   FAIL %s in %s is not in the accepted list; %s\n", res.id, at, fixAdvice(res))
				p("      %s\n      example: %s\n", res.summary, render(res.example))
			case fixAvailable:
				p("   FAIL %s in %s is accepted, but a fix exists now: upgrade to %s and remove the exception\n", res.id, at, res.fixed)
				p("      %s\n      example: %s\n", res.summary, render(res.example))
			}
		}
	}
	for _, e := range r.stale {
		p("FAIL stale exception: no module reaches %s of %s any more; remove it from the accepted list\n", e.ID, e.Module)
	}
	if n := r.failures(); n > 0 {
		p("vulncheck: %d failure(s)\n", n)
		return
	}
	p("vulncheck: ok (only reviewed exceptions without a fix are reached)\n")
}

func fixAdvice(res result) string {
	if res.fixed == "" {
		return "no fixed version exists: stop reaching the vulnerable code, or review it and add an exception"
	}
	if res.module == "stdlib" {
		return "fixed in Go " + strings.TrimPrefix(res.fixed, "v") + ": raise the Makefile's GOTOOLCHAIN (and deploy/Dockerfile's GO_VERSION)"
	}
	return "fixed in " + res.fixed + ": upgrade to it"
}

// wrap wraps text at 100 columns, the first line after first, the others after rest.
func wrap(text, first, rest string) string {
	var b strings.Builder
	b.WriteString(first)
	col := len(first)
	for i, word := range strings.Fields(text) {
		switch {
		case i > 0 && col+1+len(word) > 100:
			b.WriteString("\n" + rest)
			col = len(rest)
		case i > 0:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += len(word)
	}
	b.WriteByte('\n')
	return b.String()
}
