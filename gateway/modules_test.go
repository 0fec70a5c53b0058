package gateway_test

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
)

// TestModuleGraph: every go.mod of the repository is in go.work and in the Makefile's MODULES
// (which lint, vet and test go through), and the requirements between them follow moduleRules,
// each replaced by its directory, without a cycle.
func TestModuleGraph(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	work := workspaceModules(t, root)
	if found := goModDirs(t, root); !slices.Equal(found, work) {
		t.Errorf("go.mod files in the repository: %v; go.work uses %v", found, work)
	}
	if mk := makefileModules(t, root); !slices.Equal(mk, work) {
		t.Errorf("the Makefile's MODULES: %v; go.work uses %v", mk, work)
	}
	g := readModuleGraph(t, root, work)
	if len(g) < 12 {
		t.Fatalf("read %d modules: has the layout changed?", len(g))
	}
	for _, v := range g.violations() {
		t.Error(v)
	}
}

// TestModuleRulesCatchViolations proves the module rules are not vacuous.
func TestModuleRulesCatchViolations(t *testing.T) {
	t.Parallel()
	valid := map[string][]string{
		"platform": nil, "migrations": {"platform"},
		"orders/contract": {"platform"}, "payments/contract": {"platform"},
		"orders":   {"platform", "migrations", "orders/contract", "payments/contract"},
		"payments": {"platform", "migrations", "payments/contract", "orders/contract"},
		"gateway":  {"platform", "orders", "payments"},
	}
	if v := graphOf(valid).violations(); len(v) != 0 {
		t.Fatalf("the valid graph breaks the rules: %v", v)
	}
	cases := []struct {
		name   string
		change func(edges map[string][]string)
		want   string
	}{
		{"contexts requiring each other's modules", func(e map[string][]string) {
			e["orders"] = append(e["orders"], "payments")
			e["payments"] = append(e["payments"], "orders")
		}, "module cycle"},
		{"a context requiring another context", func(e map[string][]string) {
			e["payments"] = append(e["payments"], "orders")
		}, "a context requires only platform, migrations and contract modules"},
		{"a contract requiring a context", func(e map[string][]string) {
			e["payments/contract"] = append(e["payments/contract"], "orders")
		}, "a contract requires only platform"},
		{"a contract requiring another contract", func(e map[string][]string) {
			e["payments/contract"] = append(e["payments/contract"], "orders/contract")
		}, "a contract requires only platform"},
		{"platform requiring a contract", func(e map[string][]string) {
			e["platform"] = append(e["platform"], "orders/contract")
		}, "platform and migrations require no context"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			edges := map[string][]string{}
			for k, v := range valid {
				edges[k] = slices.Clone(v)
			}
			c.change(edges)
			if v := graphOf(edges).violations(); !slices.ContainsFunc(v, func(s string) bool { return strings.Contains(s, c.want) }) {
				t.Errorf("violations %v; want one saying %q", v, c.want)
			}
		})
	}
	t.Run("a requirement without its replace directive", func(t *testing.T) {
		t.Parallel()
		g := graphOf(valid)
		delete(g[modulePrefix+"payments"].replaces, modulePrefix+"orders/contract")
		if v := g.violations(); !slices.ContainsFunc(v, func(s string) bool { return strings.Contains(s, "without `replace") }) {
			t.Errorf("violations %v; want the missing replace", v)
		}
	})
}

// graphOf builds a graph of modules named by their directory, each requirement replaced by its
// directory as the real go.mod files do.
func graphOf(edges map[string][]string) moduleGraph {
	g := moduleGraph{}
	for dir, reqs := range edges {
		m := goModule{dir: dir, replaces: map[string]string{}}
		for _, r := range reqs {
			m.requires = append(m.requires, modulePrefix+r)
			m.replaces[modulePrefix+r] = r
		}
		g[modulePrefix+dir] = m
	}
	return g
}

// workspaceModules are the directories go.work uses, sorted.
func workspaceModules(t *testing.T, root string) []string {
	t.Helper()
	name := filepath.Join(root, "go.work")
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.ParseWork(name, b, nil)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, u := range f.Use {
		dirs = append(dirs, path.Clean(u.Path))
	}
	slices.Sort(dirs)
	return dirs
}

// goModDirs are the directories of the repository holding a go.mod, sorted.
func goModDirs(t *testing.T, root string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "var") {
			return filepath.SkipDir
		}
		if d.Name() == "go.mod" {
			rel, _ := filepath.Rel(root, filepath.Dir(p))
			dirs = append(dirs, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(dirs)
	return dirs
}

// makefileModules are the words of the Makefile's `MODULES :=` line, sorted.
func makefileModules(t *testing.T, root string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "MODULES := "); ok {
			mods := strings.Fields(rest)
			slices.Sort(mods)
			return mods
		}
	}
	t.Fatal("the Makefile has no `MODULES := ` line")
	return nil
}
