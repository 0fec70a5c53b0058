package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
)

// These mirror the parts of govulncheck's JSON stream (protocol v1.0.0) that the rules need;
// govulncheck's own types are internal to its module.
type message struct {
	Config  *config   `json:"config"`
	OSV     *advisory `json:"osv"`
	Finding *finding  `json:"finding"`
}

type config struct {
	GoVersion string `json:"go_version"`
}

type advisory struct {
	ID      string `json:"id"`
	Summary string `json:"summary"`
}

type finding struct {
	OSV          string  `json:"osv"`
	FixedVersion string  `json:"fixed_version"` // empty: no fixed version of the module exists
	Trace        []frame `json:"trace"`         // the vulnerable symbol first, the entry point last
}

type frame struct {
	Module   string    `json:"module"`
	Version  string    `json:"version"`
	Package  string    `json:"package"`
	Function string    `json:"function"`
	Receiver string    `json:"receiver"`
	Position *position `json:"position"`
}

type position struct {
	Filename string `json:"filename"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
}

// scanResult is what govulncheck reported for one of our modules.
type scanResult struct {
	dir       string
	goVersion string
	findings  []finding         // symbol level only: our code reaches a vulnerable function
	summaries map[string]string // advisory id → its one-line summary
}

// readScan decodes a govulncheck -format json stream. Module- and package-level findings (a
// vulnerable module is required or a vulnerable package imported, but no vulnerable function is
// reached) are left out: they are not what the rules judge.
func readScan(dir string, r io.Reader) (scanResult, error) {
	res := scanResult{dir: dir, summaries: map[string]string{}}
	dec := json.NewDecoder(r)
	for {
		var m message
		err := dec.Decode(&m)
		if errors.Is(err, io.EOF) {
			return res, nil
		}
		if err != nil {
			return res, fmt.Errorf("%s: reading govulncheck's JSON: %w", dir, err)
		}
		switch {
		case m.Config != nil:
			res.goVersion = m.Config.GoVersion
		case m.OSV != nil:
			res.summaries[m.OSV.ID] = m.OSV.Summary
		case m.Finding != nil && len(m.Finding.Trace) > 0 && m.Finding.Trace[0].Function != "":
			res.findings = append(res.findings, *m.Finding)
		}
	}
}

var majorSuffix = regexp.MustCompile(`^v[2-9][0-9]*$`)

// render writes a trace entry point first: "httpx/server.go:84:15: httpx.New → echo.New".
func render(trace []frame) string {
	steps := make([]string, 0, len(trace))
	for i := len(trace) - 1; i >= 0; i-- {
		f := trace[i]
		name := path.Base(f.Package)
		if majorSuffix.MatchString(name) { // github.com/labstack/echo/v4 is package echo
			name = path.Base(path.Dir(f.Package))
		}
		if f.Receiver != "" {
			name += "." + strings.TrimPrefix(f.Receiver, "*")
		}
		steps = append(steps, name+"."+f.Function)
	}
	out := strings.Join(steps, " → ")
	if p := trace[len(trace)-1].Position; p != nil && p.Filename != "" {
		out = fmt.Sprintf("%s:%d:%d: %s", p.Filename, p.Line, p.Column, out)
	}
	return out
}
