package deploy

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// documentedDuration is the default of a duration variable in docs/configuration.md's table
// (its second column), which the binaries use when the deploy files set nothing.
func documentedDuration(t *testing.T, name string) time.Duration {
	t.Helper()
	f, err := os.Open(filepath.Join(repoRoot(t), configurationDoc))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cells := strings.Split(sc.Text(), "|")
		if len(cells) < 4 || strings.TrimSpace(cells[1]) != "`"+name+"`" {
			continue
		}
		d, err := time.ParseDuration(strings.Trim(strings.TrimSpace(cells[2]), "`"))
		if err != nil {
			t.Fatalf("%s: the default of %s does not parse: %v", configurationDoc, name, err)
		}
		return d
	}
	t.Fatalf("%s: no row for %s", configurationDoc, name)
	return 0
}

// durationEnv is the value of a duration variable as set, or its documented default.
func durationEnv(t *testing.T, where, name string, value *string) time.Duration {
	t.Helper()
	if value == nil {
		return documentedDuration(t, name)
	}
	d, err := time.ParseDuration(*value)
	if err != nil {
		t.Fatalf("%s: %s %q: %v", where, name, *value, err)
	}
	return d
}

// outlasts checks the drain rule: a replica keeps answering /readyz with 503 for longer than
// its health checker needs to see it (interval × failures) plus one more interval, for a check
// that was just under way when SIGTERM came.
func outlasts(t *testing.T, where string, drain, interval time.Duration, failures int) {
	t.Helper()
	if need := interval * time.Duration(failures+1); drain < need {
		t.Errorf("%s: SHUTDOWN_DRAIN %v is shorter than the health check interval %v × (%d failures + 1) = %v: "+
			"requests would reach a replica that stopped accepting", where, drain, interval, failures, need)
	}
}

func TestComposeStage2DrainOutlastsTheLoadBalancersChecks(t *testing.T) {
	p := loadCompose(t, "stage2.yaml")
	gw := p.Services["gateway"]
	drain := durationEnv(t, "stage2.yaml gateway", "SHUTDOWN_DRAIN", gw.Environment["SHUTDOWN_DRAIN"])
	grace := durationEnv(t, "stage2.yaml gateway", "SHUTDOWN_GRACE", gw.Environment["SHUTDOWN_GRACE"])

	var interval time.Duration
	failures := 0
	for _, l := range haproxyConfig(t)["backend gateways"] {
		f := strings.Fields(l)
		if len(f) == 0 || f[0] != "default-server" {
			continue
		}
		for i := 1; i+1 < len(f); i++ {
			switch f[i] {
			case "inter":
				d, err := time.ParseDuration(f[i+1])
				if err != nil {
					t.Fatalf("haproxy.cfg: inter %q: %v", f[i+1], err)
				}
				interval = d
			case "fall":
				n, err := strconv.Atoi(f[i+1])
				if err != nil {
					t.Fatalf("haproxy.cfg: fall %q: %v", f[i+1], err)
				}
				failures = n
			}
		}
	}
	if interval == 0 {
		interval = 2 * time.Second // HAProxy's default inter
	}
	if failures == 0 {
		failures = 3 // HAProxy's default fall
	}
	outlasts(t, "stage2.yaml gateway behind haproxy.cfg", drain, interval, failures)
	if gw.StopGracePeriod == nil || time.Duration(*gw.StopGracePeriod) <= drain+grace {
		t.Errorf("stage2.yaml gateway: stop_grace_period must exceed SHUTDOWN_DRAIN %v + SHUTDOWN_GRACE %v", drain, grace)
	}
}

// TestNoStickySessions: any replica serves any request (tokens, sessions, throttles and
// idempotency keys live in the database), so nothing pins a client to one.
func TestNoStickySessions(t *testing.T) {
	for _, l := range haproxyConfig(t)["backend gateways"] {
		f := strings.Fields(l)
		if len(f) == 0 {
			continue
		}
		sticky := slices.Contains([]string{"cookie", "stick", "stick-table", "appsession"}, f[0]) ||
			f[0] == "balance" && len(f) > 1 && !slices.Contains([]string{"roundrobin", "leastconn", "static-rr", "random", "first"}, f[1])
		if sticky {
			t.Errorf("haproxy.cfg: %q pins clients to a replica; any replica must serve any request", l)
		}
	}
	for _, overlay := range overlays(t) {
		m := build(t, filepath.Join("k8s", "overlays", overlay))
		for _, s := range m.services {
			if s.Spec.SessionAffinity != "" && s.Spec.SessionAffinity != corev1.ServiceAffinityNone {
				t.Errorf("%s: Service %s has sessionAffinity %s; any replica must serve any request", overlay, s.Name, s.Spec.SessionAffinity)
			}
		}
	}
}

func TestKubernetesDrainOutlastsTheReadinessProbe(t *testing.T) {
	for _, overlay := range overlays(t) {
		m := build(t, filepath.Join("k8s", "overlays", overlay))
		for _, d := range m.deployments {
			for _, c := range d.Spec.Template.Spec.Containers {
				where := overlay + " " + d.Name + " container " + c.Name
				env := containerEnv(t, where, m, c)
				value := func(name string) *string {
					if v, ok := env[name]; ok {
						return &v.value
					}
					return nil
				}
				drain := durationEnv(t, where, "SHUTDOWN_DRAIN", value("SHUTDOWN_DRAIN"))
				grace := durationEnv(t, where, "SHUTDOWN_GRACE", value("SHUTDOWN_GRACE"))
				if rp := c.ReadinessProbe; rp != nil {
					period, failures := time.Duration(rp.PeriodSeconds)*time.Second, int(rp.FailureThreshold)
					if period == 0 {
						period = 10 * time.Second // Kubernetes' default
					}
					if failures == 0 {
						failures = 3
					}
					outlasts(t, where+" (readiness probe)", drain, period, failures)
				}
				var preStop time.Duration
				if c.Lifecycle != nil && c.Lifecycle.PreStop != nil && c.Lifecycle.PreStop.Sleep != nil {
					preStop = time.Duration(c.Lifecycle.PreStop.Sleep.Seconds) * time.Second
				}
				tgp := time.Duration(ptrOr(d.Spec.Template.Spec.TerminationGracePeriodSeconds, 30)) * time.Second
				if tgp <= preStop+drain+grace {
					t.Errorf("%s: terminationGracePeriodSeconds %v must exceed preStop %v + SHUTDOWN_DRAIN %v + SHUTDOWN_GRACE %v",
						where, tgp, preStop, drain, grace)
				}
			}
		}
	}
}
