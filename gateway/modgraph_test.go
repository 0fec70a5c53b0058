package gateway_test

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
)

// goModule is one go.mod of the repository: what it requires of our own modules, and where its
// replace directives send them.
type goModule struct {
	dir      string            // slash-separated, relative to the repository root
	requires []string          // module paths under modulePrefix
	replaces map[string]string // module path → replacement directory, relative to the root
}

// moduleGraph is every module of the repository by module path.
type moduleGraph map[string]goModule

func readModuleGraph(t *testing.T, root string, dirs []string) moduleGraph {
	t.Helper()
	g := moduleGraph{}
	for _, dir := range dirs {
		name := filepath.Join(root, filepath.FromSlash(dir), "go.mod")
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := modfile.Parse(name, b, nil)
		if err != nil {
			t.Fatal(err)
		}
		m := goModule{dir: dir, replaces: map[string]string{}}
		for _, r := range f.Require {
			if strings.HasPrefix(r.Mod.Path, modulePrefix) {
				m.requires = append(m.requires, r.Mod.Path)
			}
		}
		for _, r := range f.Replace {
			m.replaces[r.Old.Path] = path.Join(dir, filepath.ToSlash(r.New.Path))
		}
		g[f.Module.Mod.Path] = m
	}
	return g
}

// moduleKind names what a module of ours is, from its path.
func moduleKind(modPath string) string {
	name := strings.TrimPrefix(modPath, modulePrefix)
	ctx, sub, _ := strings.Cut(name, "/")
	switch {
	case !slices.Contains(contexts, ctx):
		return name // platform, migrations, admin, gateway, tools, deploy
	case sub == "":
		return "context"
	case sub == "contract":
		return "contract"
	}
	return "unknown"
}

// isContractOf reports whether modPath is the contract module of a context.
func isContractOf(modPath string) (ctx string, ok bool) {
	if moduleKind(modPath) != "contract" {
		return "", false
	}
	return strings.TrimSuffix(strings.TrimPrefix(modPath, modulePrefix), "/contract"), true
}

// moduleRule returns why module m of path p may not require req, or "".
type moduleRule func(p, req string) string

// moduleRules: contexts meet only through contracts, and a contract is the kernel's types and
// its own, so that no context module ever requires another context's implementation.
var moduleRules = map[string]moduleRule{
	"a context requires only platform, migrations and contract modules": func(p, req string) string {
		if moduleKind(p) != "context" {
			return ""
		}
		if _, contract := isContractOf(req); contract || req == modulePrefix+"platform" || req == modulePrefix+"migrations" {
			return ""
		}
		return "requires " + req
	},
	"a contract requires only platform": func(p, req string) string {
		if moduleKind(p) != "contract" || req == modulePrefix+"platform" {
			return ""
		}
		return "requires " + req
	},
	"platform and migrations require no context": func(p, req string) string {
		if kind := moduleKind(p); kind != "platform" && kind != "migrations" {
			return ""
		}
		if kind := moduleKind(req); kind == "context" || kind == "contract" {
			return "requires " + req
		}
		return ""
	},
}

// violations checks every rule, the replace directives GOWORK=off builds need, and that the
// graph has no cycle.
func (g moduleGraph) violations() []string {
	var out []string
	for _, p := range keys(g) {
		m := g[p]
		for _, req := range m.requires {
			for name, rule := range moduleRules {
				if why := rule(p, req); why != "" {
					out = append(out, fmt.Sprintf("%s %s (%s)", p, why, name))
				}
			}
			dep, known := g[req]
			switch {
			case !known:
				out = append(out, fmt.Sprintf("%s requires %s, which is no module of the repository", p, req))
			case m.replaces[req] != dep.dir:
				out = append(out, fmt.Sprintf("%s requires %s without `replace %s => %s` (GOWORK=off builds need it)",
					p, req, req, relPath(m.dir, dep.dir)))
			}
		}
	}
	if cycle := g.cycle(); cycle != nil {
		out = append(out, "module cycle: "+strings.Join(cycle, " → "))
	}
	return out
}

// cycle returns one cycle of requirements (its first module repeated at the end), or nil.
func (g moduleGraph) cycle() []string {
	const (
		unseen = iota
		onPath
		done
	)
	state := map[string]int{}
	var stack []string
	var visit func(p string) []string
	visit = func(p string) []string {
		state[p] = onPath
		stack = append(stack, p)
		for _, req := range g[p].requires {
			switch state[req] {
			case onPath:
				start := slices.Index(stack, req)
				return append(slices.Clone(stack[start:]), req)
			case unseen:
				if c := visit(req); c != nil {
					return c
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[p] = done
		return nil
	}
	for _, p := range keys(g) {
		if state[p] == unseen {
			if c := visit(p); c != nil {
				return c
			}
		}
	}
	return nil
}

func relPath(from, to string) string {
	rel, err := filepath.Rel(filepath.FromSlash(from), filepath.FromSlash(to))
	if err != nil {
		return to
	}
	if rel = filepath.ToSlash(rel); !strings.HasPrefix(rel, ".") {
		rel = "./" + rel
	}
	return rel
}
