package deploy

import (
	"bufio"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/types"
)

// infraImages are the only images the compose files may use besides the project's own.
var infraImages = []string{"postgres:15", "nats:2-alpine", "haproxy:3.0-alpine"}

const composeDir = "compose"

// loadCompose loads a compose file as `docker compose` would (schema validation, interpolation,
// normalisation, consistency checks) with an empty environment, so the committed defaults are
// what is checked. Env files are not read here (they are git-ignored and absent): see
// TestComposeEnvFiles.
func loadCompose(t *testing.T, file string) *types.Project {
	t.Helper()
	dir, err := filepath.Abs(composeDir)
	if err != nil {
		t.Fatal(err)
	}
	opts, err := cli.NewProjectOptions([]string{filepath.Join(dir, file)},
		cli.WithWorkingDirectory(dir),
		cli.WithEnv(nil),
		cli.WithInterpolation(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
		cli.WithResolvedPaths(true),
		cli.WithoutEnvironmentResolution,
	)
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(t.Context())
	if err != nil {
		t.Fatalf("%s does not load: %v", file, err)
	}
	return p
}

func composeFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(composeDir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	for _, want := range []string{"stage1.yaml", "stage2.yaml", "split.yaml"} {
		if !slices.Contains(names, want) {
			t.Errorf("deploy/compose/%s is missing", want)
		}
	}
	return names
}

func isMigration(s types.ServiceConfig) bool {
	return imageBinary(s.Image) != "" && slices.Equal([]string(s.Command), []string{"migrate", "up"})
}

func TestComposeFiles(t *testing.T) {
	root := repoRoot(t)
	for _, file := range composeFiles(t) {
		t.Run(file, func(t *testing.T) {
			p := loadCompose(t, file)
			if len(p.Services) == 0 {
				t.Fatal("no services")
			}
			for name, s := range p.Services {
				checkComposeService(t, root, p, name, s)
			}
		})
	}
}

func checkComposeService(t *testing.T, root string, p *types.Project, name string, s types.ServiceConfig) {
	t.Helper()
	bin := imageBinary(s.Image)
	switch {
	case bin != "":
		// The project's image: built here from deploy/Dockerfile, never pulled.
		if s.Build == nil {
			t.Errorf("%s: image %s has no build section", name, s.Image)
			break
		}
		if s.PullPolicy != types.PullPolicyBuild {
			t.Errorf("%s: pull_policy %q, want build (a modmono/* image must never come from a registry)", name, s.PullPolicy)
		}
		if filepath.Clean(s.Build.Context) != root {
			t.Errorf("%s: build context %s, want the repository root %s", name, s.Build.Context, root)
		}
		df := s.Build.Dockerfile
		if !filepath.IsAbs(df) {
			df = filepath.Join(s.Build.Context, df)
		}
		if filepath.Clean(df) != filepath.Join(root, "deploy", "Dockerfile") {
			t.Errorf("%s: dockerfile %s, want deploy/Dockerfile", name, s.Build.Dockerfile)
		}
		if arg := s.Build.Args["BINARY"]; arg == nil || *arg != bin {
			t.Errorf("%s: build arg BINARY should be %s (the image's name)", name, bin)
		}
	case slices.Contains(infraImages, s.Image):
		if s.Build != nil {
			t.Errorf("%s: infrastructure image %s must not be built here", name, s.Image)
		}
	default:
		t.Errorf("%s: image %q is neither modmono/<binary> nor one of %v", name, s.Image, infraImages)
	}
	if s.ContainerName != "" {
		t.Errorf("%s: container_name prevents replicas", name)
	}

	// Health: every service declares one; only one-shot migrations disable it.
	hc := s.HealthCheck
	switch {
	case hc == nil:
		t.Errorf("%s: no healthcheck", name)
	case hc.Disable:
		if !isMigration(s) {
			t.Errorf("%s: healthcheck disabled, but it is not a one-shot migration", name)
		}
	case len(hc.Test) < 2 || hc.Test[0] != "CMD":
		t.Errorf("%s: healthcheck test %q: want the exec form [\"CMD\", …]", name, hc.Test)
	case bin != "" && !slices.Equal([]string(hc.Test), []string{"CMD", "/app", "healthcheck"}):
		t.Errorf("%s: healthcheck %q, want [\"CMD\", \"/app\", \"healthcheck\"] (distroless: no shell, no curl)", name, hc.Test)
	case hc.Interval == nil || hc.Timeout == nil || hc.Retries == nil:
		t.Errorf("%s: healthcheck needs interval, timeout and retries", name)
	}

	for dep, d := range s.DependsOn {
		if _, ok := p.Services[dep]; !ok {
			t.Errorf("%s depends on unknown service %s", name, dep)
			continue
		}
		want := types.ServiceConditionHealthy
		if isMigration(p.Services[dep]) {
			want = types.ServiceConditionCompletedSuccessfully
		}
		if d.Condition != want {
			t.Errorf("%s: depends_on %s with condition %q, want %q", name, dep, d.Condition, want)
		}
	}

	if bin == "" {
		return
	}
	checkComposeEnv(t, name, s)
	if !s.ReadOnly || !slices.Contains(s.CapDrop, "ALL") || !slices.Contains(s.SecurityOpt, "no-new-privileges:true") {
		t.Errorf("%s: want read_only, cap_drop [ALL] and security_opt no-new-privileges:true", name)
	}
	if isMigration(s) {
		if s.Restart != "no" {
			t.Errorf("%s: a one-shot migration must not restart (restart %q)", name, s.Restart)
		}
		if d, ok := s.DependsOn["postgres"]; !ok || d.Condition != types.ServiceConditionHealthy {
			t.Errorf("%s: a migration waits for postgres to be healthy", name)
		}
		return
	}
	if !dependsOnMigration(p, name, map[string]bool{}) {
		t.Errorf("%s: starts without waiting, directly or through its dependencies, for a migration to complete", name)
	}
	if v := s.Environment["AUTO_MIGRATE"]; v == nil || *v != "false" {
		t.Errorf("%s: AUTO_MIGRATE must be \"false\": the migrate services run migrations", name)
	}
	drain := durationEnv(t, name, "SHUTDOWN_DRAIN", s.Environment["SHUTDOWN_DRAIN"])
	if s.StopGracePeriod == nil || time.Duration(*s.StopGracePeriod) <= drain+shutdownGrace(t, s.Environment) {
		t.Errorf("%s: stop_grace_period must exceed SHUTDOWN_DRAIN + SHUTDOWN_GRACE", name)
	}
}

// dependsOnMigration reports whether name waits for a completed migration, directly or through
// the services it waits for.
func dependsOnMigration(p *types.Project, name string, seen map[string]bool) bool {
	if seen[name] {
		return false
	}
	seen[name] = true
	for dep, d := range p.Services[name].DependsOn {
		if isMigration(p.Services[dep]) && d.Condition == types.ServiceConditionCompletedSuccessfully {
			return true
		}
		if d.Condition == types.ServiceConditionHealthy && dependsOnMigration(p, dep, seen) {
			return true
		}
	}
	return false
}

func shutdownGrace(t *testing.T, env types.MappingWithEquals) time.Duration {
	t.Helper()
	v := "15s" // README.md's default
	if e := env["SHUTDOWN_GRACE"]; e != nil {
		v = *e
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		t.Fatalf("SHUTDOWN_GRACE %q: %v", v, err)
	}
	return d
}

// checkComposeEnv: documented names only, and no secret written in the file but the development
// database's password.
func checkComposeEnv(t *testing.T, name string, s types.ServiceConfig) {
	t.Helper()
	for k, v := range s.Environment {
		checkEnvName(t, name, k)
		if !isSecretEnv(k) || v == nil {
			continue
		}
		if !strings.HasSuffix(k, "DATABASE_URL") {
			t.Errorf("%s: secret %s is written in the compose file; it belongs in the env_file", name, k)
			continue
		}
		u, err := url.Parse(*v)
		if err != nil {
			t.Errorf("%s: %s does not parse: %v", name, k, err)
			continue
		}
		if pw, _ := u.User.Password(); u.Hostname() != "postgres" || pw != devPassword {
			t.Errorf("%s: %s may name only the local development database with its marked password", name, k)
		}
	}
}

func TestComposeEnvFiles(t *testing.T) {
	root := repoRoot(t)
	example := filepath.Join(composeDir, "example.env")
	exampleVars, err := dotenv.Read(example)
	if err != nil {
		t.Fatalf("example.env: %v", err)
	}
	// Copied unedited it must start every topology: it may set nothing, and it never sets a key
	// (a placeholder would stop the start; a value would be a committed secret). What it offers
	// is commented out.
	for k := range exampleVars {
		checkEnvName(t, "example.env", k)
		if k == jwtKeyEnv || k == panelKeyEnv {
			t.Errorf("example.env sets %s: leave it commented out (unset, the keys are kept in the database)", k)
		}
	}
	offered := commentedSetting.FindAllStringSubmatch(readFile(t, example), -1)
	if len(offered)+len(exampleVars) == 0 {
		t.Fatal("example.env offers no setting")
	}
	for _, m := range offered {
		checkEnvName(t, "example.env (commented)", m[1])
	}
	exampleAbs, err := filepath.Abs(example)
	if err != nil {
		t.Fatal(err)
	}
	pm := dockerignore(t)

	used := 0
	for _, file := range composeFiles(t) {
		p := loadCompose(t, file)
		for name, s := range p.Services {
			for i, ef := range s.EnvFiles {
				used++
				rel, err := filepath.Rel(root, ef.Path)
				if err != nil {
					t.Fatal(err)
				}
				rel = filepath.ToSlash(rel)
				if !strings.HasSuffix(rel, ".env") || filepath.Base(rel) == "example.env" {
					t.Errorf("%s %s: env_file %s: want a git-ignored *.env, not the example", file, name, rel)
				}
				if !bool(ef.Required) {
					t.Errorf("%s %s: env_file %s must be required: a missing secret must stop the start", file, name, rel)
				}
				if ignored, err := pm.MatchesOrParentMatches(rel); err != nil || !ignored {
					t.Errorf("%s %s: env_file %s would enter the image build context", file, name, rel)
				}
				checkGitIgnored(t, root, rel)
				// Resolve the environment with the example in place of the operator's copy: the
				// env_file must be usable as documented.
				s.EnvFiles[i].Path = exampleAbs
			}
			p.Services[name] = s
		}
		// Which keys must reach which service, and from where: TestSharedKeys.
		if _, err := p.WithServicesEnvironmentResolved(false); err != nil {
			t.Fatalf("%s: resolving the environment with example.env: %v", file, err)
		}
	}
	if used == 0 {
		t.Error("no compose service reads an env_file: where do the secrets come from?")
	}
}

// checkGitIgnored asks git itself, when the tree is a git checkout.
func checkGitIgnored(t *testing.T, root, rel string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		t.Logf("not a git checkout: %s not checked against .gitignore", rel)
		return
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Logf("no git: %s not checked against .gitignore", rel)
		return
	}
	cmd := exec.CommandContext(t.Context(), "git", "check-ignore", "-q", "--no-index", rel)
	cmd.Dir = root
	if err := cmd.Run(); err != nil {
		t.Errorf("%s is not git-ignored (git check-ignore: %v): a filled-in copy could be committed", rel, err)
	}
}

func TestComposeStage1(t *testing.T) {
	p := loadCompose(t, "stage1.yaml")
	gw, ok := p.Services["gateway"]
	if !ok {
		t.Fatal("no gateway service")
	}
	if d, ok := gw.DependsOn["migrate"]; !ok || d.Condition != types.ServiceConditionCompletedSuccessfully {
		t.Error("the gateway must wait for the migrate service to complete")
	}
	if !isMigration(p.Services["migrate"]) || imageBinary(p.Services["migrate"].Image) != "gateway" {
		t.Error("migrate must run `gateway migrate up`")
	}
}

func TestComposeStage2(t *testing.T) {
	p := loadCompose(t, "stage2.yaml")
	gw := p.Services["gateway"]
	if gw.Deploy == nil || gw.Deploy.Replicas == nil || *gw.Deploy.Replicas < 2 {
		t.Error("the gateway should run several replicas")
	}
	if len(gw.Ports) != 0 {
		t.Error("replicas publish no port: clients go through the load balancer")
	}
	lb, ok := p.Services["lb"]
	if !ok || !strings.HasPrefix(lb.Image, "haproxy:") {
		t.Fatal("no haproxy load balancer service `lb`")
	}
	if d, ok := lb.DependsOn["gateway"]; !ok || d.Condition != types.ServiceConditionHealthy {
		t.Error("the load balancer should wait for healthy gateways")
	}
	var cfgMounted bool
	for _, v := range lb.Volumes {
		if filepath.Base(v.Source) == "haproxy.cfg" && v.Target == "/usr/local/etc/haproxy/haproxy.cfg" && v.ReadOnly {
			cfgMounted = true
		}
	}
	if !cfgMounted {
		t.Error("haproxy.cfg is not mounted read-only at /usr/local/etc/haproxy/haproxy.cfg")
	}

	cfg := haproxyConfig(t)
	backend := cfg["backend gateways"]
	for _, want := range []string{"balance leastconn", "option httpchk", "http-check send meth GET uri /readyz", "http-check expect status 200"} {
		if !slices.Contains(backend, want) {
			t.Errorf("haproxy backend gateways lacks %q", want)
		}
	}
	var servers, checked bool
	for _, l := range backend {
		f := strings.Fields(l)
		if len(f) >= 4 && (f[0] == "server-template" || f[0] == "server") {
			servers = true
			if f[len(f)-1] != "gateway:8080" && !slices.Contains(f, "gateway:8080") {
				t.Errorf("haproxy server line %q does not point at gateway:8080", l)
			}
			if n, err := strconv.Atoi(f[2]); f[0] == "server-template" && (err != nil || n < *gw.Deploy.Replicas) {
				t.Errorf("haproxy server-template has fewer slots than replicas: %q", l)
			}
		}
		if strings.HasPrefix(l, "default-server") && slices.Contains(strings.Fields(l), "check") {
			checked = true
		}
	}
	if !servers || !checked {
		t.Error("haproxy backend needs health-checked servers (default-server … check, server-template)")
	}
	if !slices.Contains(cfg["frontend lb_health"], "monitor-uri /healthz") ||
		!slices.Contains([]string(lb.HealthCheck.Test), "http://127.0.0.1:8404/healthz") {
		t.Error("the lb healthcheck must hit haproxy's monitor-uri on :8404")
	}
}

// haproxyConfig reads haproxy.cfg into sections ("backend gateways" -> its lines, comments off).
func haproxyConfig(t *testing.T) map[string][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(composeDir, "haproxy.cfg"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]string{}
	section := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "\t") {
			section = strings.Join(strings.Fields(line), " ")
			continue
		}
		out[section] = append(out[section], strings.Join(strings.Fields(line), " "))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var createDatabase = regexp.MustCompile(`(?i)CREATE\s+DATABASE\s+"?([a-z_][a-z0-9_]*)"?`)

func TestComposeSplit(t *testing.T) {
	p := loadCompose(t, "split.yaml")
	for _, svc := range []string{"auth-service", "orders-service", "payments-service", "gateway", "nats", "postgres"} {
		if _, ok := p.Services[svc]; !ok {
			t.Errorf("no %s service", svc)
		}
	}
	if n := p.Services["nats"]; !slices.Contains([]string(n.Command), "--jetstream") && !slices.Contains([]string(n.Command), "-js") {
		t.Error("nats must run with JetStream")
	}

	// One database per service, created by the init script mounted into postgres.
	var initDir string
	for _, v := range p.Services["postgres"].Volumes {
		if v.Target == "/docker-entrypoint-initdb.d" {
			initDir = v.Source
		}
	}
	if initDir == "" {
		t.Fatal("postgres mounts no /docker-entrypoint-initdb.d")
	}
	created := map[string]bool{}
	scripts, _ := filepath.Glob(filepath.Join(initDir, "*.sql"))
	for _, s := range scripts {
		for _, m := range createDatabase.FindAllStringSubmatch(readFile(t, s), -1) {
			created[m[1]] = true
		}
	}
	dbs := map[string]string{}
	for name, s := range p.Services {
		if imageBinary(s.Image) == "" {
			continue
		}
		gw := name == "gateway"
		for _, k := range []string{"AUTH_URL", "ORDERS_URL", "PAYMENTS_URL", "BROKER_URL"} {
			if gw && s.Environment[k] == nil {
				t.Errorf("gateway: no %s", k)
			}
		}
		if !isMigration(s) && s.Environment["BROKER_URL"] == nil {
			t.Errorf("%s: no BROKER_URL (events go over NATS)", name)
		}
		v := s.Environment["DATABASE_URL"]
		if v == nil {
			if !gw {
				t.Errorf("%s: no DATABASE_URL of its own", name)
			}
			continue
		}
		u, err := url.Parse(*v)
		if err != nil {
			t.Fatal(err)
		}
		db := strings.TrimPrefix(u.Path, "/")
		if !created[db] {
			t.Errorf("%s: database %q is not created by the init scripts (%v)", name, db, created)
		}
		// A service and its migration share a database; two services never do.
		bin := imageBinary(s.Image)
		if other, ok := dbs[db]; ok && other != bin {
			t.Errorf("database %s is shared by %s and %s", db, other, bin)
		}
		dbs[db] = bin
	}
	for _, bin := range []string{"auth-service", "orders-service", "payments-service"} {
		var migrated bool
		for _, s := range p.Services {
			if isMigration(s) && imageBinary(s.Image) == bin {
				migrated = true
			}
		}
		if !migrated {
			t.Errorf("no `%s migrate up` service", bin)
		}
	}
}
