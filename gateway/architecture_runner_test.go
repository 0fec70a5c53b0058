package gateway_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// runnerSigns are what only a program runner has: the wait for the stop signal and the
// entry points every main calls. The platform root is the fx wiring; platform/program runs it.
func runnerSigns(filename string, src any) ([]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), filename, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var signs []string
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == "os/signal" {
			signs = append(signs, "imports os/signal")
		}
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name == "Run" {
				signs = append(signs, "declares func Run")
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				if ts, ok := spec.(*ast.TypeSpec); ok && ts.Name.Name == "Program" {
					signs = append(signs, "declares type Program")
				}
			}
		}
	}
	return signs, nil
}

// TestPlatformRootHasNoRunner: the platform root package keeps the fx wiring only.
func TestPlatformRootHasNoRunner(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob("../platform/*.go")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no Go files in the platform root (%v): is the test running from gateway/?", err)
	}
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		signs, err := runnerSigns(path, src)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range signs {
			t.Errorf("%s %s: the program runner belongs in platform/program", filepath.ToSlash(path), s)
		}
	}
}

// TestRunnerRuleCatchesARunner proves the rule is not vacuous.
func TestRunnerRuleCatchesARunner(t *testing.T) {
	t.Parallel()
	const runner = `package platform

import "os/signal"

type Program struct{ Name string }

func Run(p Program, args []string) int { signal.Reset(); return 0 }
`
	signs, err := runnerSigns("run.go", runner)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"imports os/signal", "declares type Program", "declares func Run"}; strings.Join(signs, "; ") != strings.Join(want, "; ") {
		t.Fatalf("runner signs %q, want %q", signs, want)
	}
}
