package gateway_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const modulePrefix = "github.com/modmono/"

var contexts = []string{"auth", "orders", "payments"}

// sourceFile is one non-test Go file of the repository with its imports.
type sourceFile struct {
	path    string // slash-separated, relative to the repository root
	imports []string
}

func repoFiles(t *testing.T) []sourceFile {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	var files []sourceFile
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "var") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		sf := sourceFile{path: filepath.ToSlash(rel)}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			sf.imports = append(sf.imports, p)
		}
		files = append(files, sf)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("found no Go files: is the test running from gateway/?")
	}
	return files
}

func isStdlib(importPath string) bool {
	first, _, _ := strings.Cut(importPath, "/")
	return !strings.Contains(first, ".")
}

// rule reports why a file may not import a path, or "" when it may.
type rule func(file, imp string) string

// dependencyRules are ARCHITECTURE.md's dependency rules, by name.
var dependencyRules = map[string]rule{
	"domain imports only the standard library, platform/errs and platform/money": func(file, imp string) string {
		if !strings.Contains(file, "/internal/domain/") || isStdlib(imp) || imp == modulePrefix+"platform/errs" || imp == modulePrefix+"platform/money" {
			return ""
		}
		return "domain may not import " + imp
	},
	"application does not import infra, interfaces or a web framework": func(file, imp string) string {
		if !strings.Contains(file, "/internal/application/") {
			return ""
		}
		if strings.Contains(imp, "/internal/infra") || strings.Contains(imp, "/internal/interfaces") || strings.Contains(imp, "labstack/echo") {
			return "application may not import " + imp
		}
		return ""
	},
	"a context imports only another context's contract": func(file, imp string) string {
		own, _, _ := strings.Cut(file, "/")
		for _, other := range contexts {
			base := modulePrefix + other
			if other == own || (imp != base && !strings.HasPrefix(imp, base+"/")) {
				continue
			}
			if own == "gateway" && !strings.Contains(imp, "/internal/") {
				return "" // the gateway composes context roots and contracts
			}
			if imp != base+"/contract" && !strings.HasPrefix(imp, base+"/contract/") {
				return own + " may not import " + imp
			}
		}
		return ""
	},
	"config imports no HTTP package": func(file, imp string) string {
		if !strings.HasPrefix(file, "platform/config/") {
			return ""
		}
		if imp == "net/http" || strings.HasPrefix(imp, "net/http/") || strings.Contains(imp, "labstack/echo") || isPlatformHTTP(imp) {
			return "config may not import " + imp + ": the server reads its share of the configuration where it is built"
		}
		return ""
	},
	"no HTTP package imports the database layer": func(file, imp string) string {
		if !inPlatformHTTP(file) {
			return ""
		}
		if imp == modulePrefix+"platform/db" || strings.HasPrefix(imp, modulePrefix+"platform/db/") || imp == modulePrefix+"platform/dbtest" {
			return "an HTTP package may not import " + imp + ": what both need (the statement counter) sits below both"
		}
		return ""
	},
	"platform imports no context": func(file, imp string) string {
		if !strings.HasPrefix(file, "platform/") {
			return ""
		}
		for _, c := range contexts {
			if strings.HasPrefix(imp, modulePrefix+c) {
				return "platform may not import " + imp
			}
		}
		return ""
	},
}

// httpPackages are the platform's HTTP edge, by directory under platform/.
var httpPackages = []string{"httpx", "httpserver", "middleware", "problem", "proxy"}

func isPlatformHTTP(imp string) bool {
	for _, p := range httpPackages {
		if base := modulePrefix + "platform/" + p; imp == base || strings.HasPrefix(imp, base+"/") {
			return true
		}
	}
	return false
}

func inPlatformHTTP(file string) bool {
	for _, p := range httpPackages {
		if strings.HasPrefix(file, "platform/"+p+"/") {
			return true
		}
	}
	return false
}

func violates(file, imp string) bool {
	for _, check := range dependencyRules {
		if check(file, imp) != "" {
			return true
		}
	}
	return false
}

// TestDependencyRules enforces the rules on every non-test file of the repository.
func TestDependencyRules(t *testing.T) {
	t.Parallel()
	files := repoFiles(t)
	for name, check := range dependencyRules {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, f := range files {
				for _, imp := range f.imports {
					if why := check(f.path, imp); why != "" {
						t.Errorf("%s: %s", f.path, why)
					}
				}
			}
		})
	}
}

// TestRulesCatchViolations proves the rules are not vacuous.
func TestRulesCatchViolations(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("../auth/internal/domain"); err != nil {
		t.Fatalf("auth domain missing: %v", err)
	}
	cases := []struct{ file, imp string }{
		{"auth/internal/domain/user.go", "github.com/labstack/echo/v4"},
		{"orders/internal/application/x.go", "github.com/modmono/orders/internal/infra/store"},
		{"payments/internal/infra/x.go", "github.com/modmono/orders/internal/domain"},
		{"platform/db/x.go", "github.com/modmono/auth"},
		{"gateway/cmd/gateway/main.go", "github.com/modmono/auth/internal/infra/tokens"},
		{"platform/config/base.go", "github.com/modmono/platform/httpserver"},
		{"platform/config/base.go", "net/http"},
		{"platform/middleware/statements.go", "github.com/modmono/platform/db"},
		{"platform/httpx/httpxtest/httpxtest.go", "github.com/modmono/platform/dbtest"},
	}
	for _, c := range cases {
		if !violates(c.file, c.imp) {
			t.Errorf("%s importing %s passed the rules; want a violation", c.file, c.imp)
		}
	}
}
