package deploy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// dockerignore reads the repository's .dockerignore the way the Docker CLI and BuildKit do.
func dockerignore(t *testing.T) *patternmatcher.PatternMatcher {
	t.Helper()
	f, err := os.Open(filepath.Join(repoRoot(t), ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	patterns, err := ignorefile.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatal(err)
	}
	return pm
}

func TestDockerignore(t *testing.T) {
	root := repoRoot(t)
	pm := dockerignore(t)
	ignored := func(p string) bool {
		t.Helper()
		ok, err := pm.MatchesOrParentMatches(p)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}

	// Generated, local and secret files stay out of the build context.
	for _, p := range []string{
		".git/HEAD", "bin/gateway", "var/shop.db", "gateway/var/shop.auth.db", ".tools/golangci-lint",
		"artifacts/report.txt", "auth/auth.test", "cover.out", "platform/db/cover.out",
		"auth/testdata/fuzz/FuzzEmail/corpus-tmp/x",
		"deploy/compose/modmono.env", "deploy/compose/example.env", ".env", "jwt-signing-key.pem",
		"var/jwt-signing-key.pem",
	} {
		if !ignored(p) {
			t.Errorf(".dockerignore lets %s into the build context", p)
		}
	}

	// What the build needs stays in: the workspace, every module it lists, the sources and the
	// files they embed.
	keep := []string{"go.work", "go.work.sum", "deploy/Dockerfile", "gateway/cmd/gateway/main.go"}
	work := readFile(t, filepath.Join(root, "go.work"))
	for _, line := range strings.Split(work, "\n") {
		line = strings.TrimSpace(line)
		if dir, ok := strings.CutPrefix(line, "./"); ok {
			keep = append(keep, dir+"/go.mod", dir+"/go.sum")
		}
	}
	embedded, err := filepath.Glob(filepath.Join(root, "migrations", "*", "postgres", "*.sql"))
	if err != nil || len(embedded) == 0 {
		t.Fatalf("no migrations found to check (%v)", err)
	}
	for _, e := range embedded {
		rel, _ := filepath.Rel(root, e)
		keep = append(keep, filepath.ToSlash(rel))
	}
	for _, p := range keep {
		if ignored(p) {
			t.Errorf(".dockerignore leaves %s out of the build context, which the build needs", p)
		}
	}
}
