package deploy

import (
	"math"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/types"
	corev1 "k8s.io/api/core/v1"
)

// The keys every replica must share: a token signed by one replica is verified by the next, and
// an admin's panel cookie opens on whichever replica the load balancer picks (no stickiness).
const (
	jwtKeyEnv   = "JWT_SIGNING_KEY"    // signs every access token (wherever auth runs)
	panelKeyEnv = "ADMIN_SESSION_KEYS" // signs and encrypts the admin panel's cookie (the gateway)
)

// keyFileEnv point at files each replica reads, or generates on its own disk: never shared.
var keyFileEnv = []string{"JWT_SIGNING_KEY_FILE", "ADMIN_SESSION_KEYS_FILE"}

// keySource is where the replicas of one workload get one kind of key.
type keySource string

const (
	// fromDatabase: nothing configured, so the keys are kept in auth's store, which every replica
	// shares. Only where auth runs in process on PostgreSQL; configuring them stays possible.
	fromDatabase keySource = "auth's database (optional secret)"
	// fromSecret: configured from modmono-secrets or modmono.env, and required.
	fromSecret keySource = "a required secret"
)

// sharedKeys is, for every topology, every workload that signs tokens or serves the admin
// panel, and where its replicas get each key. A workload the files add that signs or serves the
// panel without a row here fails TestSharedKeys, and so does a row that matches nothing.
var sharedKeys = []sharedKey{
	{"compose/stage1.yaml", "gateway", jwtKeyEnv, fromDatabase},
	{"compose/stage1.yaml", "gateway", panelKeyEnv, fromDatabase},
	{"compose/stage2.yaml", "gateway", jwtKeyEnv, fromDatabase},
	{"compose/stage2.yaml", "gateway", panelKeyEnv, fromDatabase},
	{"compose/split.yaml", "auth-service", jwtKeyEnv, fromDatabase},
	// The split gateway's panel has no auth store (auth is remote): each replica would make its
	// own keys.
	{"compose/split.yaml", "gateway", panelKeyEnv, fromSecret},
	{"k8s/monolith", "gateway", jwtKeyEnv, fromDatabase},
	{"k8s/monolith", "gateway", panelKeyEnv, fromDatabase},
	{"k8s/split", "auth-service", jwtKeyEnv, fromDatabase},
	{"k8s/split", "gateway", panelKeyEnv, fromSecret},
}

type sharedKey struct {
	topology string // compose/<file> or k8s/<overlay>
	workload string // compose service or Deployment
	key      string
	want     keySource
}

// keyedWorkload is one long-running workload of a topology, as far as its keys are concerned.
type keyedWorkload struct {
	name        string
	maxReplicas int
	authHere    bool // runs the auth context in process: signs tokens, holds auth's key store
	panel       bool // serves the admin panel
	postgres    bool // its database is PostgreSQL, which every replica shares
	// check reports whether key is set the way want says, "" when it is.
	check func(key string, want keySource) string
	// fileVars are the *_FILE key variables it sets.
	fileVars []string
}

// needs lists the keys its replicas must share.
func (w keyedWorkload) needs() []string {
	var keys []string
	if w.authHere {
		keys = append(keys, jwtKeyEnv)
	}
	if w.panel {
		keys = append(keys, panelKeyEnv)
	}
	return keys
}

// runsAuth: auth-service always; the gateway unless it forwards auth (AUTH_URL).
func runsAuth(binary string, forwardsAuth bool) bool {
	return binary == "auth-service" || binary == "gateway" && !forwardsAuth
}

func TestSharedKeys(t *testing.T) {
	topologies := map[string]func(t *testing.T) []keyedWorkload{}
	for _, file := range composeFiles(t) {
		topologies["compose/"+file] = func(t *testing.T) []keyedWorkload { return composeKeyedWorkloads(t, file) }
	}
	for _, overlay := range overlays(t) {
		topologies["k8s/"+overlay] = func(t *testing.T) []keyedWorkload { return k8sKeyedWorkloads(t, overlay) }
	}
	for _, row := range sharedKeys {
		if topologies[row.topology] == nil {
			t.Errorf("sharedKeys names %s, which is neither a compose file nor an overlay", row.topology)
		}
	}
	for topology, load := range topologies {
		t.Run(topology, func(t *testing.T) {
			t.Parallel()
			workloads := load(t)
			for _, w := range workloads {
				checkSharedKeys(t, topology, w)
			}
			for _, row := range sharedKeys {
				if row.topology == topology && !slices.ContainsFunc(workloads, func(w keyedWorkload) bool {
					return w.name == row.workload && slices.Contains(w.needs(), row.key)
				}) {
					t.Errorf("sharedKeys row %s %s %s: no such workload needs that key (stale row?)", topology, row.workload, row.key)
				}
			}
		})
	}
}

// checkSharedKeys is the rule: replicas never generate keys of their own. Each key comes from
// the database they share, or from a configured secret.
func checkSharedKeys(t *testing.T, topology string, w keyedWorkload) {
	t.Helper()
	where := topology + " " + w.name
	for _, v := range w.fileVars {
		t.Errorf("%s: sets %s: a file on each replica's own disk is a key per replica", where, v)
	}
	if w.maxReplicas < 2 {
		return
	}
	for _, key := range w.needs() {
		i := slices.IndexFunc(sharedKeys, func(r sharedKey) bool {
			return r.topology == topology && r.workload == w.name && r.key == key
		})
		if i < 0 {
			t.Errorf("%s: needs %s shared by its replicas, but sharedKeys has no row for it", where, key)
			continue
		}
		want := sharedKeys[i].want
		if want == fromDatabase && !(w.authHere && w.postgres) {
			t.Errorf("%s: %s cannot come from the database: auth does not run in process on PostgreSQL here", where, key)
		}
		if msg := w.check(key, want); msg != "" {
			t.Errorf("%s: %s should come from %s: %s", where, key, want, msg)
		}
	}
}

// composeKeyedWorkloads reads a compose file. Every service may be scaled (`--scale`, and
// TestComposeFiles forbids container_name), so every one is taken as replicated.
func composeKeyedWorkloads(t *testing.T, file string) []keyedWorkload {
	t.Helper()
	p := loadCompose(t, file)
	example := exampleEnv(t)
	var out []keyedWorkload
	for name, s := range p.Services {
		bin := imageBinary(s.Image)
		if bin == "" || isMigration(s) {
			continue
		}
		w := keyedWorkload{
			name:        name,
			maxReplicas: math.MaxInt,
			authHere:    runsAuth(bin, s.Environment["AUTH_URL"] != nil),
			panel:       bin == "gateway",
		}
		if v := s.Environment["DATABASE_URL"]; v != nil {
			u, err := url.Parse(*v)
			w.postgres = err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql")
		}
		for _, k := range keyFileEnv {
			if _, ok := s.Environment[k]; ok {
				w.fileVars = append(w.fileVars, k)
			}
		}
		w.check = func(key string, want keySource) string {
			if _, ok := s.Environment[key]; ok {
				return "it is in the service's environment; it belongs in the env_file only"
			}
			if example[key] != "" {
				return "example.env sets it: an unedited copy would hold a committed value or a placeholder"
			}
			if !reachesFromEnvFile(t, p, name, key) {
				return "no required env_file brings it to the service"
			}
			if want == fromSecret && !exampleDocuments(t, key) {
				// Compose cannot require one variable of an env_file: the example says to set it.
				return "example.env does not document it (a commented `# " + key + "=` line)"
			}
			return ""
		}
		out = append(out, w)
	}
	return out
}

// reachesFromEnvFile reports whether key, set in the service's env files (all required), reaches
// the service's environment.
func reachesFromEnvFile(t *testing.T, p *types.Project, service, key string) bool {
	t.Helper()
	s := p.Services[service]
	if len(s.EnvFiles) == 0 {
		return false
	}
	f := filepath.Join(t.TempDir(), "keys.env")
	if err := os.WriteFile(f, []byte(key+"=set-by-the-operator\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.EnvFiles = slices.Clone(s.EnvFiles)
	for i, ef := range s.EnvFiles {
		if !bool(ef.Required) {
			return false
		}
		s.EnvFiles[i].Path = f
	}
	one := *p
	one.Services = types.Services{service: s}
	resolved, err := one.WithServicesEnvironmentResolved(false)
	if err != nil {
		t.Fatalf("%s: resolving its environment: %v", service, err)
	}
	v := resolved.Services[service].Environment[key]
	return v != nil && *v == "set-by-the-operator"
}

func exampleEnv(t *testing.T) map[string]string {
	t.Helper()
	vars, err := dotenv.Read(filepath.Join(composeDir, "example.env"))
	if err != nil {
		t.Fatalf("example.env: %v", err)
	}
	return vars
}

// commentedSetting is a commented-out assignment of example.env: "# NAME=…".
var commentedSetting = regexp.MustCompile(`(?m)^#\s*([A-Z][A-Z0-9_]*)=`)

func exampleDocuments(t *testing.T, key string) bool {
	t.Helper()
	for _, m := range commentedSetting.FindAllStringSubmatch(readFile(t, filepath.Join(composeDir, "example.env")), -1) {
		if m[1] == key {
			return true
		}
	}
	return false
}

// k8sKeyedWorkloads reads an overlay. A Deployment runs as many replicas as its HPA allows. Its
// DATABASE_URL is a secret the test cannot read: deploy/README.md documents it as PostgreSQL (a
// SQLite file on a pod's emptyDir would not be shared either way).
func k8sKeyedWorkloads(t *testing.T, overlay string) []keyedWorkload {
	t.Helper()
	m := build(t, filepath.Join("k8s", "overlays", overlay))
	var out []keyedWorkload
	for _, d := range m.deployments {
		for _, c := range d.Spec.Template.Spec.Containers {
			bin := imageBinary(c.Image)
			env := map[string]corev1.EnvVar{}
			for _, e := range c.Env {
				env[e.Name] = e
			}
			_, forwardsAuth := env["AUTH_URL"]
			_, hasDB := env["DATABASE_URL"]
			w := keyedWorkload{
				name:        d.Name,
				maxReplicas: 1,
				authHere:    runsAuth(bin, forwardsAuth),
				panel:       bin == "gateway",
				postgres:    hasDB,
			}
			for _, h := range m.hpas {
				if h.Spec.ScaleTargetRef.Name == d.Name {
					w.maxReplicas = int(h.Spec.MaxReplicas)
				}
			}
			for _, k := range keyFileEnv {
				if _, ok := env[k]; ok {
					w.fileVars = append(w.fileVars, k)
				}
			}
			w.check = func(key string, want keySource) string {
				e, ok := env[key]
				if !ok {
					return "the container does not read it from " + secretName
				}
				if e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil {
					return "not from a secretKeyRef"
				}
				optional := isTrue(e.ValueFrom.SecretKeyRef.Optional)
				switch {
				case want == fromDatabase && !optional:
					return "its secretKeyRef must be optional: unset, the database keeps the keys"
				case want == fromSecret && optional:
					return "its secretKeyRef must not be optional: unset, each replica would make its own"
				}
				return ""
			}
			out = append(out, w)
		}
	}
	return out
}
