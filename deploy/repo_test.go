package deploy

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// binaries maps every binary that deploy/ ships to the package it is built from. The Dockerfile
// derives the package from BINARY (./${BINARY%-service}/cmd/${BINARY}); dockerfile_test.go checks
// that the two agree. A binary is added here when its main is added.
var binaries = map[string]string{
	"gateway":          "gateway/cmd/gateway",
	"auth-service":     "auth/cmd/auth-service",
	"orders-service":   "orders/cmd/orders-service",
	"payments-service": "payments/cmd/payments-service",
}

// notDeployed are mains under */cmd/* that deploy/ ships no image for, on purpose.
var notDeployed = []string{
	"tools/cmd/bench",      // the load generator of `make bench`
	"tools/cmd/vulncheck",  // govulncheck with reviewed exceptions, `make vulncheck`
	"tools/cmd/testreport", // the report of `make test`
}

// envNotYetInReadme are variables the deployment files set that the services are about to read
// (issue #4: remote contexts and a broker; issue #5: SMTP), before README.md's configuration
// table lists them. Once the table has a name, its entry here is simply redundant; remove it.
var envNotYetInReadme = []string{
	"AUTH_URL", "ORDERS_URL", "PAYMENTS_URL", // the gateway (and services) call remote contexts
	"BROKER_URL", // nats://… : integration events over NATS JetStream
	"SMTP_URL",   // the mailer's SMTP server (API.md, auth context)
}

// goRuntimeEnv are variables read by the Go runtime itself, not by the configuration.
var goRuntimeEnv = []string{"GOMEMLIMIT", "GOMAXPROCS", "GODEBUG"}

// secretEnv are the variables that hold secrets: never a literal value in a committed file.
// They come from the Secret `modmono-secrets` (Kubernetes) or a git-ignored env file (compose);
// the only exception is the DATABASE_URL of compose's local development PostgreSQL, whose
// password is devPassword.
var secretEnv = []string{"DATABASE_URL", jwtKeyEnv, panelKeyEnv, "BOOTSTRAP_ADMIN_PASSWORD", "SMTP_URL"}

// devPassword is the clearly marked development-only password of compose's local PostgreSQL.
const devPassword = "modmono-dev-only"

// secretName is the Secret operators create; the manifests only refer to it.
const secretName = "modmono-secrets"

func isSecretEnv(name string) bool {
	return slices.Contains(secretEnv, name) || strings.HasSuffix(name, "_DATABASE_URL")
}

// repoRoot is the repository root: the parent of this module's directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Dir(wd)
	if _, err := os.Stat(filepath.Join(root, "go.work")); err != nil {
		t.Fatalf("repository root %s has no go.work: %v", root, err)
	}
	return root
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var (
	readmeOnce  sync.Once
	readmeNames map[string]bool
	readmeErr   error
)

var backticked = regexp.MustCompile("`([A-Z][A-Z0-9_]*)`")

// configurationDoc holds the configuration table (it left README.md for docs/ with the rest of
// the reference).
const configurationDoc = "docs/configuration.md"

// readmeEnv returns the variable names of the configuration table (the first column of the
// table under the "Configuration" heading of configurationDoc).
func readmeEnv(t *testing.T) map[string]bool {
	t.Helper()
	root := repoRoot(t)
	readmeOnce.Do(func() {
		f, err := os.Open(filepath.Join(root, configurationDoc))
		if err != nil {
			readmeErr = err
			return
		}
		defer f.Close()
		readmeNames = map[string]bool{}
		in := false
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := sc.Text()
			if heading, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " "); ok && strings.HasPrefix(line, "#") {
				in = strings.TrimSpace(heading) == "Configuration"
				continue
			}
			if !in || !strings.HasPrefix(line, "|") {
				continue
			}
			cells := strings.Split(line, "|")
			if len(cells) < 3 {
				continue
			}
			for _, m := range backticked.FindAllStringSubmatch(cells[1], -1) {
				readmeNames[m[1]] = true
			}
		}
		readmeErr = sc.Err()
	})
	if readmeErr != nil {
		t.Fatal(readmeErr)
	}
	if !readmeNames["HTTP_ADDR"] || !readmeNames["DATABASE_URL"] {
		t.Fatalf("%s's configuration table was not found (no HTTP_ADDR, DATABASE_URL): %v", configurationDoc, readmeNames)
	}
	return readmeNames
}

// checkEnvName fails unless name is a documented configuration variable (or one of the few
// listed above).
func checkEnvName(t *testing.T, where, name string) {
	t.Helper()
	if readmeEnv(t)[name] || slices.Contains(envNotYetInReadme, name) || slices.Contains(goRuntimeEnv, name) {
		return
	}
	t.Errorf("%s: environment variable %s is not in %s's configuration table (a new one? "+
		"document it there, or list it in envNotYetInReadme)", where, name, configurationDoc)
}

// imageBinary returns the binary of a project image reference (modmono/<binary>[:tag][@digest]),
// or "" if the reference is not one.
func imageBinary(ref string) string {
	name, _, _ := strings.Cut(ref, "@")
	if i := strings.LastIndex(name, ":"); i > strings.LastIndex(name, "/") {
		name = name[:i]
	}
	b, ok := strings.CutPrefix(name, "modmono/")
	if !ok {
		return ""
	}
	if _, known := binaries[b]; !known {
		return ""
	}
	return b
}

func TestImageBinary(t *testing.T) {
	for ref, want := range map[string]string{
		"modmono/gateway":                 "gateway",
		"modmono/auth-service:v1.2.3":     "auth-service",
		"modmono/gateway@sha256:abc":      "gateway",
		"modmono/gateway:1@sha256:abc":    "gateway",
		"modmono/unknown":                 "",
		"evil/modmono/gateway":            "",
		"docker.io/modmono/gateway":       "",
		"postgres:15":                     "",
		"modmono/gateway-debug:latest":    "",
		"registry:5000/modmono/gateway:1": "",
	} {
		if got := imageBinary(ref); got != want {
			t.Errorf("imageBinary(%q) = %q, want %q", ref, got, want)
		}
	}
}

func TestReadmeConfigurationTable(t *testing.T) {
	names := readmeEnv(t)
	for _, n := range []string{"AUTO_MIGRATE", "SHUTDOWN_GRACE", jwtKeyEnv, panelKeyEnv, "METRICS_ADDR"} {
		if !names[n] {
			t.Errorf("%s's configuration table has no %s", configurationDoc, n)
		}
	}
}
