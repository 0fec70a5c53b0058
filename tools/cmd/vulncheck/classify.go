package main

import (
	"cmp"
	"slices"
)

type verdict int

const (
	accepted     verdict = iota // listed, and no fixed version exists yet
	unlisted                    // reached and not in the accepted list
	fixAvailable                // listed, but a fixed version now exists: upgrade instead
)

// result is one advisory reached from one of our modules, with every trace to it folded into one.
type result struct {
	id, summary     string
	module, version string // the vulnerable module and the version in use
	fixed           string // the version that fixes it; empty if none exists
	example         []frame
	verdict         verdict
	exception       *exception
}

type moduleReport struct {
	dir     string
	results []result
}

type report struct {
	goVersion string
	modules   []moduleReport
	stale     []exception // accepted, but no module reaches the advisory any more
}

func (r report) failures() int {
	n := len(r.stale)
	for _, m := range r.modules {
		for _, res := range m.results {
			if res.verdict != accepted {
				n++
			}
		}
	}
	return n
}

// classify applies the rules: a reached advisory that is not listed fails; a listed one passes
// only while no fixed version exists for the module in use; a listed one that no module reaches
// any more fails as stale, so that the list only ever holds live, reviewed exceptions.
func classify(scans []scanResult, list []exception) report {
	var r report
	used := make([]bool, len(list))
	for _, s := range scans {
		r.goVersion = cmp.Or(r.goVersion, s.goVersion)
		m := moduleReport{dir: s.dir}
		for _, f := range s.findings {
			vuln := f.Trace[0]
			i := slices.IndexFunc(m.results, func(res result) bool { return res.id == f.OSV && res.module == vuln.Module })
			if i < 0 {
				m.results = append(m.results, result{id: f.OSV, summary: s.summaries[f.OSV], module: vuln.Module, version: vuln.Version})
				i = len(m.results) - 1
			}
			res := &m.results[i]
			res.fixed = cmp.Or(res.fixed, f.FixedVersion)
			if res.example == nil || shorter(f.Trace, res.example) {
				res.example = f.Trace
			}
		}
		for i := range m.results {
			res := &m.results[i]
			k := slices.IndexFunc(list, func(e exception) bool { return e.ID == res.id && e.Module == res.module })
			switch {
			case k < 0:
				res.verdict = unlisted
			case res.fixed != "":
				res.verdict, res.exception, used[k] = fixAvailable, &list[k], true
			default:
				res.verdict, res.exception, used[k] = accepted, &list[k], true
			}
		}
		slices.SortFunc(m.results, func(a, b result) int { return cmp.Or(cmp.Compare(a.verdict, b.verdict), cmp.Compare(a.id, b.id)) })
		r.modules = append(r.modules, m)
	}
	for k, e := range list {
		if !used[k] {
			r.stale = append(r.stale, e)
		}
	}
	return r
}

// shorter orders traces by length, then by their rendering, so the example shown is stable.
func shorter(a, b []frame) bool {
	return cmp.Or(cmp.Compare(len(a), len(b)), cmp.Compare(render(a), render(b))) < 0
}
