package deploy

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

const (
	finalBase    = "gcr.io/distroless/static-debian12:nonroot"
	healthcheck  = "/app healthcheck"
	binaryInPath = "/app"
)

type dockerfile struct {
	stages   []instructions.Stage
	metaArgs []instructions.ArgCommand
}

// parseDockerfile parses deploy/Dockerfile with BuildKit's own parser and failing on any of its
// lint warnings (the build checks `docker build --check` reports).
func parseDockerfile(t *testing.T) dockerfile {
	t.Helper()
	f, err := os.Open("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := parser.Parse(f)
	if err != nil {
		t.Fatalf("parse Dockerfile: %v", err)
	}
	for _, w := range res.Warnings {
		t.Errorf("Dockerfile: %s", w.Short)
	}
	lint := linter.New(&linter.Config{Warn: func(rule, _, _, msg string, loc []parser.Range) {
		t.Errorf("Dockerfile lint %s at %v: %s", rule, loc, msg)
	}})
	stages, metaArgs, err := instructions.Parse(res.AST, lint)
	if err != nil {
		t.Fatalf("Dockerfile instructions: %v", err)
	}
	return dockerfile{stages: stages, metaArgs: metaArgs}
}

func argDefault(args []instructions.ArgCommand, name string) (string, bool) {
	for _, a := range args {
		for _, kv := range a.Args {
			if kv.Key == name && kv.Value != nil {
				return *kv.Value, true
			}
		}
	}
	return "", false
}

func stageArgs(s instructions.Stage) []instructions.ArgCommand {
	var out []instructions.ArgCommand
	for _, c := range s.Commands {
		if a, ok := c.(*instructions.ArgCommand); ok {
			out = append(out, *a)
		}
	}
	return out
}

func commandsOf[T instructions.Command](s instructions.Stage) []T {
	var out []T
	for _, c := range s.Commands {
		if v, ok := c.(T); ok {
			out = append(out, v)
		}
	}
	return out
}

func TestDockerfileStages(t *testing.T) {
	df := parseDockerfile(t)
	if len(df.stages) < 2 {
		t.Fatalf("want a multi-stage build, got %d stage(s)", len(df.stages))
	}
	// The image is compiled by the Go that `make` uses, standard-library security fixes included.
	want := strings.TrimPrefix(makefileGoToolchain(t), "go")
	if v, ok := argDefault(df.metaArgs, "GO_VERSION"); !ok || v != want {
		t.Errorf("ARG GO_VERSION before the first FROM: got %q, want %q (the Makefile's GOTOOLCHAIN)", v, want)
	}

	build := df.stages[0]
	if build.BaseName != "golang:${GO_VERSION}" || build.Name != "build" {
		t.Errorf("first stage: FROM %s AS %s, want FROM golang:${GO_VERSION} AS build", build.BaseName, build.Name)
	}
	if v, ok := argDefault(stageArgs(build), "BINARY"); !ok || v != "gateway" {
		t.Errorf("build stage: ARG BINARY=%q, want gateway", v)
	}

	final := df.stages[len(df.stages)-1]
	if final.BaseName != finalBase {
		t.Errorf("final stage FROM %s, want %s", final.BaseName, finalBase)
	}
	// No shell in the final image: a distroless static base, no debug variant, nothing to RUN.
	if !strings.HasPrefix(final.BaseName, "gcr.io/distroless/static") || strings.Contains(final.BaseName, "debug") {
		t.Errorf("final base %s may carry a shell", final.BaseName)
	}
	if runs := commandsOf[*instructions.RunCommand](final); len(runs) > 0 {
		t.Errorf("final stage has %d RUN instruction(s): it has no shell to run them", len(runs))
	}

	users := commandsOf[*instructions.UserCommand](final)
	if len(users) == 0 {
		t.Fatal("final stage has no USER: it would run as root")
	}
	user := users[len(users)-1].User
	if uid, _, _ := strings.Cut(user, ":"); uid != "nonroot" && uid != "65532" {
		t.Errorf("final USER %s, want nonroot:nonroot (uid 65532)", user)
	}

	var exposed []string
	for _, e := range commandsOf[*instructions.ExposeCommand](final) {
		exposed = append(exposed, e.Ports...)
	}
	if !slices.Contains(exposed, "8080") {
		t.Errorf("final stage EXPOSE %v, want 8080", exposed)
	}

	entry := commandsOf[*instructions.EntrypointCommand](final)
	if len(entry) != 1 || entry[0].PrependShell || !slices.Equal(entry[0].CmdLine, []string{binaryInPath}) {
		t.Errorf("want exactly ENTRYPOINT [%q] in exec form", binaryInPath)
	}

	hc := commandsOf[*instructions.HealthCheckCommand](final)
	if len(hc) != 1 || !slices.Equal(hc[0].Health.Test, []string{"CMD", binaryInPath, "healthcheck"}) {
		t.Errorf("want HEALTHCHECK CMD [%q, \"healthcheck\"] (exec form: there is no shell)", binaryInPath)
	} else if hc[0].Health.Interval <= 0 || hc[0].Health.Timeout <= 0 || hc[0].Health.Timeout >= hc[0].Health.Interval {
		t.Errorf("HEALTHCHECK interval %v, timeout %v: want both set, timeout < interval", hc[0].Health.Interval, hc[0].Health.Timeout)
	}

	copies := commandsOf[*instructions.CopyCommand](final)
	if len(copies) != 1 || copies[0].From != build.Name || copies[0].DestPath != binaryInPath {
		t.Errorf("the final stage should copy only the binary from %q to %s", build.Name, binaryInPath)
	}
}

// goBuild is one `go build` command line: its environment assignments, its flags (everything
// between `build` and `-o`), its output and package.
type goBuild struct {
	env   []string
	flags []string
	out   string
	pkg   string
}

// findGoBuild finds the one `go build` in a shell script and splits it into words.
func findGoBuild(t *testing.T, where, script string) goBuild {
	t.Helper()
	var found []goBuild
	for _, cmd := range shellCommands(script) {
		words, err := shellWords(cmd)
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		// Leading shell keywords (`for …; do CGO_ENABLED=0 go build …; done`) are not the command.
		for len(words) > 0 && slices.Contains([]string{"do", "then", "else", "{", "exec"}, words[0]) {
			words = words[1:]
		}
		i := 0
		for i < len(words) && isAssignment(words[i]) {
			i++
		}
		if i+1 >= len(words) || words[i] != "go" || words[i+1] != "build" {
			continue
		}
		b := goBuild{env: words[:i]}
		rest := words[i+2:]
		o := slices.Index(rest, "-o")
		if o < 0 || o != len(rest)-3 {
			t.Fatalf("%s: want `go build FLAGS -o OUT PACKAGE`, got %q", where, cmd)
		}
		b.flags, b.out, b.pkg = rest[:o], rest[o+1], rest[o+2]
		found = append(found, b)
	}
	if len(found) != 1 {
		t.Fatalf("%s: want exactly one `go build`, found %d", where, len(found))
	}
	return found[0]
}

func isAssignment(w string) bool {
	name, _, ok := strings.Cut(w, "=")
	if !ok || name == "" {
		return false
	}
	for _, r := range name {
		if r != '_' && (r < 'A' || r > 'Z') && (r < 'a' || r > 'z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// shellCommands splits a script into simple commands at ;, &&, || and newlines outside quotes.
func shellCommands(script string) []string {
	var out []string
	var cur strings.Builder
	var quote rune
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			out = append(out, s)
		}
		cur.Reset()
	}
	rs := []rune(script)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '\\' && i+1 < len(rs) && rs[i+1] == '\n':
			i++
			cur.WriteRune(' ')
			continue
		case r == ';' || r == '\n':
			flush()
			continue
		case (r == '&' || r == '|') && i+1 < len(rs) && rs[i+1] == r:
			flush()
			i++
			continue
		}
		cur.WriteRune(r)
	}
	flush()
	return out
}

// shellWords splits one simple command into words, removing quotes (no expansion).
func shellWords(cmd string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range cmd {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated %c quote in %q", quote, cmd)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

func TestShellWords(t *testing.T) {
	got, err := shellWords(`CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "/out/a b" ./x`)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"CGO_ENABLED=0", "go", "build", "-trimpath", "-ldflags=-s -w", "-o", "/out/a b", "./x"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	cmds := shellCommands("set -eu; a='x;y' && b \\\n c\nd")
	if !slices.Equal(cmds, []string{"set -eu", "a='x;y'", "b   c", "d"}) {
		t.Fatalf("shellCommands: %q", cmds)
	}
}

// makefileBuild is the `go build` of the Makefile's `build` recipe.
func makefileBuild(t *testing.T) goBuild {
	t.Helper()
	mk := readFile(t, filepath.Join(repoRoot(t), "Makefile"))
	var recipe []string
	in := false
	for _, line := range strings.Split(mk, "\n") {
		switch {
		case strings.HasPrefix(line, "build:"):
			in = true
		case in && strings.HasPrefix(line, "\t"):
			recipe = append(recipe, strings.TrimLeft(strings.TrimPrefix(line, "\t"), "@-"))
		case in:
			in = false
		}
	}
	if len(recipe) == 0 {
		t.Fatal("Makefile has no `build:` recipe")
	}
	script := strings.ReplaceAll(strings.Join(recipe, "\n"), "$$", "$")
	return findGoBuild(t, "Makefile build", script)
}

// makefileGoToolchain is the Go release the Makefile exports as GOTOOLCHAIN, such as "go1.27.3".
func makefileGoToolchain(t *testing.T) string {
	t.Helper()
	re := regexp.MustCompile(`^export GOTOOLCHAIN \??= *(go[0-9][0-9.]*)$`)
	for _, line := range strings.Split(readFile(t, filepath.Join(repoRoot(t), "Makefile")), "\n") {
		if m := re.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			return m[1]
		}
	}
	t.Fatal("Makefile has no `export GOTOOLCHAIN ?= goX.Y.Z` line")
	return ""
}

func TestCIExportsTheMakefilesGo(t *testing.T) {
	want := "export GOTOOLCHAIN=" + makefileGoToolchain(t)
	if !slices.Contains(strings.Split(readFile(t, filepath.Join(repoRoot(t), ".ci", "run")), "\n"), want) {
		t.Errorf(".ci/run lacks the line %q: CI would build with another Go than make", want)
	}
}

// dockerfileBuild is the `go build` of the Dockerfile's build stage.
func dockerfileBuild(t *testing.T, df dockerfile) (goBuild, string) {
	t.Helper()
	var scripts []string
	for _, r := range commandsOf[*instructions.RunCommand](df.stages[0]) {
		if !r.PrependShell {
			continue
		}
		scripts = append(scripts, strings.Join(r.CmdLine, " "))
	}
	script := strings.Join(scripts, "\n")
	return findGoBuild(t, "Dockerfile build stage", script), script
}

func TestDockerfileBuildMatchesMakefile(t *testing.T) {
	df := parseDockerfile(t)
	docker, script := dockerfileBuild(t, df)
	mk := makefileBuild(t)

	if !slices.Equal(docker.flags, mk.flags) {
		t.Errorf("go build flags: Dockerfile %q, Makefile %q", docker.flags, mk.flags)
	}
	for _, want := range []string{"-trimpath", "-ldflags=-s -w"} {
		if !slices.Contains(mk.flags, want) {
			t.Errorf("Makefile build flags %q lack %q", mk.flags, want)
		}
	}
	if !slices.Contains(mk.env, "CGO_ENABLED=0") || !slices.Contains(docker.env, "CGO_ENABLED=0") {
		t.Errorf("CGO_ENABLED=0: Makefile env %q, Dockerfile env %q", mk.env, docker.env)
	}
	// The Dockerfile may add only the cross-compilation target to the Makefile's environment.
	for _, e := range docker.env {
		name, _, _ := strings.Cut(e, "=")
		if !slices.Contains(mk.env, e) && name != "GOOS" && name != "GOARCH" {
			t.Errorf("Dockerfile go build sets %s, which the Makefile does not", e)
		}
	}
	if docker.out != binaryInPath && docker.out != "/out"+binaryInPath {
		t.Errorf("Dockerfile go build -o %s", docker.out)
	}

	// BINARY -> package: the Dockerfile's expansion must give the table's package for each binary.
	const mapping = `pkg="./${BINARY%-service}/cmd/${BINARY}"`
	if !strings.Contains(script, mapping) || docker.pkg != "$pkg" {
		t.Fatalf("the build stage should set %s and build \"$pkg\"", mapping)
	}
	for bin, pkg := range binaries {
		if got := strings.TrimSuffix(bin, "-service") + "/cmd/" + bin; got != pkg {
			t.Errorf("BINARY=%s builds ./%s, but binaries maps it to %s", bin, got, pkg)
		}
	}
}

// TestDockerfileBinariesCompile runs the Dockerfile's go build (the Makefile's flags) for every
// shipped binary whose main exists, as the image build would.
func TestDockerfileBinariesCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles every binary; skipped with -short")
	}
	root := repoRoot(t)
	df := parseDockerfile(t)
	docker, _ := dockerfileBuild(t, df)

	mains, err := filepath.Glob(filepath.Join(root, "*", "cmd", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var present []string
	for _, m := range mains {
		if st, err := os.Stat(m); err != nil || !st.IsDir() {
			continue
		}
		rel, _ := filepath.Rel(root, m)
		rel = filepath.ToSlash(rel)
		if slices.Contains(notDeployed, rel) {
			continue
		}
		bin := filepath.Base(rel)
		if binaries[bin] != rel {
			t.Errorf("%s is a main deploy/ does not know: add it to binaries (repo_test.go) or to notDeployed", rel)
			continue
		}
		present = append(present, bin)
	}
	if len(present) == 0 {
		t.Fatal("none of the binaries deploy/ ships has a main yet")
	}
	for bin := range binaries {
		if !slices.Contains(present, bin) {
			t.Logf("%s: no main at %s yet, not compiled", bin, binaries[bin])
		}
	}

	out := t.TempDir()
	for _, bin := range present {
		t.Run(bin, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 8*time.Minute)
			defer cancel()
			args := append([]string{"build"}, docker.flags...)
			args = append(args, "-o", filepath.Join(out, bin), "./"+binaries[bin])
			cmd := exec.CommandContext(ctx, "go", args...)
			cmd.Dir = root
			// The image builds in the workspace of the whole repository, whatever GOWORK this
			// test runs with; GOOS/GOARCH stay the host's (the cross-compiled build is the same
			// code).
			cmd.Env = append(os.Environ(), "GOWORK="+filepath.Join(root, "go.work"))
			for _, e := range docker.env {
				if name, _, _ := strings.Cut(e, "="); name != "GOOS" && name != "GOARCH" {
					cmd.Env = append(cmd.Env, e)
				}
			}
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, b)
			}
			if st, err := os.Stat(filepath.Join(out, bin)); err != nil || st.Size() == 0 {
				t.Fatalf("no binary %s: %v", bin, err)
			}
		})
	}
}
