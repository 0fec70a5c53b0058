package deploy

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// partOf is the label every object carries (deploy/k8s/base and every overlay).
const partOfLabel, partOfValue = "app.kubernetes.io/part-of", "modmono"

// manifests are the objects one kustomization builds, decoded into their typed API structs.
type manifests struct {
	deployments []*appsv1.Deployment
	services    []*corev1.Service
	hpas        []*autoscalingv2.HorizontalPodAutoscaler
	pdbs        []*policyv1.PodDisruptionBudget
	jobs        []*batchv1.Job
	configMaps  map[string]*corev1.ConfigMap
	secrets     []*corev1.Secret
	accounts    []*corev1.ServiceAccount
}

// strictDecoder decodes the kinds deploy/k8s may contain, failing on unknown or duplicate fields.
func strictDecoder(t *testing.T) runtime.Decoder {
	t.Helper()
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		appsv1.AddToScheme, autoscalingv2.AddToScheme, batchv1.AddToScheme, corev1.AddToScheme, policyv1.AddToScheme,
	} {
		if err := add(scheme); err != nil {
			t.Fatal(err)
		}
	}
	return serializer.NewCodecFactory(scheme, serializer.EnableStrict).UniversalDeserializer()
}

// build runs kustomize (krusty, as `kubectl kustomize` does) on dir and decodes every object.
func build(t *testing.T, dir string) manifests {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	resMap, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), abs)
	if err != nil {
		t.Fatalf("kustomize build %s: %v", dir, err)
	}
	dec := strictDecoder(t)
	m := manifests{configMaps: map[string]*corev1.ConfigMap{}}
	for _, r := range resMap.Resources() {
		where := r.GetKind() + "/" + r.GetName()
		js, err := r.MarshalJSON()
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		obj, _, err := dec.Decode(js, nil, nil)
		if err != nil {
			t.Errorf("%s does not decode strictly: %v", where, err)
			continue
		}
		if acc, err := metaAccessor(obj); err == nil {
			if acc.GetLabels()[partOfLabel] != partOfValue {
				t.Errorf("%s: no label %s=%s", where, partOfLabel, partOfValue)
			}
		}
		switch o := obj.(type) {
		case *appsv1.Deployment:
			m.deployments = append(m.deployments, o)
		case *corev1.Service:
			m.services = append(m.services, o)
		case *autoscalingv2.HorizontalPodAutoscaler:
			m.hpas = append(m.hpas, o)
		case *policyv1.PodDisruptionBudget:
			m.pdbs = append(m.pdbs, o)
		case *batchv1.Job:
			m.jobs = append(m.jobs, o)
		case *corev1.ConfigMap:
			m.configMaps[o.Name] = o
		case *corev1.Secret:
			m.secrets = append(m.secrets, o)
		case *corev1.ServiceAccount:
			m.accounts = append(m.accounts, o)
		default:
			t.Errorf("%s: a kind deploy/k8s has no business with (extend the test deliberately if needed)", where)
		}
	}
	return m
}

func metaAccessor(obj runtime.Object) (metav1.Object, error) {
	o, ok := obj.(metav1.Object)
	if !ok {
		return nil, fmt.Errorf("%T has no object metadata", obj)
	}
	return o, nil
}

func overlays(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join("k8s", "overlays"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	for _, want := range []string{"monolith", "split"} {
		if !slices.Contains(names, want) {
			t.Errorf("deploy/k8s/overlays/%s is missing", want)
		}
	}
	return names
}

func TestKustomizeBase(t *testing.T) {
	m := build(t, filepath.Join("k8s", "base"))
	if len(m.configMaps) != 1 || len(m.accounts) != 1 {
		t.Fatalf("base: want one ConfigMap and one ServiceAccount, got %d and %d", len(m.configMaps), len(m.accounts))
	}
	if len(m.deployments)+len(m.jobs)+len(m.secrets) != 0 {
		t.Error("base holds no workload and no Secret")
	}
	if sa := m.accounts[0]; sa.AutomountServiceAccountToken == nil || *sa.AutomountServiceAccountToken {
		t.Error("the service account must not mount a token")
	}
}

func TestKustomizeOverlays(t *testing.T) {
	for _, overlay := range overlays(t) {
		t.Run(overlay, func(t *testing.T) {
			dir := filepath.Join("k8s", "overlays", overlay)
			m := build(t, dir)
			if len(m.deployments) == 0 {
				t.Fatal("no Deployment")
			}
			checkSecrets(t, m)
			for _, cm := range m.configMaps {
				for k := range cm.Data {
					checkEnvName(t, "ConfigMap "+cm.Name, k)
					if isSecretEnv(k) {
						t.Errorf("ConfigMap %s holds %s, a secret", cm.Name, k)
					}
				}
			}
			docs := readFile(t, filepath.Join(dir, "kustomization.yaml"))
			for _, d := range m.deployments {
				checkDeployment(t, m, d, docs)
			}
			for _, j := range m.jobs {
				checkJob(t, m, j, docs)
			}
			for _, s := range m.services {
				checkService(t, m, s)
			}
			for _, h := range m.hpas {
				if findDeployment(m, h.Spec.ScaleTargetRef.Name) == nil {
					t.Errorf("HPA %s scales no Deployment of this overlay", h.Name)
				}
			}
		})
	}
}

func checkSecrets(t *testing.T, m manifests) {
	t.Helper()
	for _, s := range m.secrets {
		if len(s.Data) > 0 || len(s.StringData) > 0 {
			t.Errorf("Secret %s carries data: secrets are created by operators, never committed", s.Name)
		}
	}
}

func findDeployment(m manifests, name string) *appsv1.Deployment {
	for _, d := range m.deployments {
		if d.Name == name {
			return d
		}
	}
	return nil
}

func selects(t *testing.T, sel *metav1.LabelSelector, tpl map[string]string) bool {
	t.Helper()
	if sel == nil {
		return false
	}
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		t.Fatal(err)
	}
	return !s.Empty() && s.Matches(labels.Set(tpl))
}

// env is a container's effective environment: literal values (envFrom ConfigMaps, then env),
// and where each variable comes from.
type envVar struct {
	value     string
	secretKey string // set when the value comes from modmono-secrets
	fromCM    bool
}

func containerEnv(t *testing.T, where string, m manifests, c corev1.Container) map[string]envVar {
	t.Helper()
	out := map[string]envVar{}
	for _, ef := range c.EnvFrom {
		switch {
		case ef.ConfigMapRef != nil:
			cm, ok := m.configMaps[ef.ConfigMapRef.Name]
			if !ok {
				t.Errorf("%s: envFrom ConfigMap %s does not exist in the build", where, ef.ConfigMapRef.Name)
				continue
			}
			for k, v := range cm.Data {
				out[k] = envVar{value: v, fromCM: true}
			}
		default:
			t.Errorf("%s: envFrom other than a ConfigMap: name each secret key in env instead", where)
		}
	}
	for _, e := range c.Env {
		checkEnvName(t, where, e.Name)
		v := envVar{value: e.Value}
		switch {
		case e.ValueFrom == nil:
		case e.ValueFrom.SecretKeyRef != nil:
			ref := e.ValueFrom.SecretKeyRef
			if ref.Name != secretName {
				t.Errorf("%s: %s from Secret %q, want %q", where, e.Name, ref.Name, secretName)
			}
			v.secretKey = ref.Key
		case e.ValueFrom.ConfigMapKeyRef != nil:
			cm, ok := m.configMaps[e.ValueFrom.ConfigMapKeyRef.Name]
			if !ok {
				t.Errorf("%s: %s from missing ConfigMap %s", where, e.Name, e.ValueFrom.ConfigMapKeyRef.Name)
			} else {
				v.value, v.fromCM = cm.Data[e.ValueFrom.ConfigMapKeyRef.Key], true
			}
		}
		if isSecretEnv(e.Name) && v.secretKey == "" {
			t.Errorf("%s: %s is a secret: take it from Secret %s with secretKeyRef", where, e.Name, secretName)
		}
		out[e.Name] = v
	}
	return out
}

// checkPod is what every pod of deploy/k8s must be: hardened, sized, on a project image,
// configured with documented variables only.
func checkPod(t *testing.T, where string, m manifests, spec corev1.PodSpec, docs string) map[string]map[string]envVar {
	t.Helper()
	if spec.AutomountServiceAccountToken == nil || *spec.AutomountServiceAccountToken {
		t.Errorf("%s: automountServiceAccountToken must be false", where)
	}
	if spec.HostNetwork || spec.HostPID || spec.HostIPC {
		t.Errorf("%s: shares a host namespace", where)
	}
	psc := spec.SecurityContext
	if psc == nil {
		psc = &corev1.PodSecurityContext{}
	}
	envs := map[string]map[string]envVar{}
	if len(spec.InitContainers) > 0 {
		t.Errorf("%s: init containers are not expected (migrations are Jobs)", where)
	}
	for _, c := range spec.Containers {
		cw := where + " container " + c.Name
		if imageBinary(c.Image) == "" {
			t.Errorf("%s: image %q is not modmono/<binary> (%v)", cw, c.Image, binaries)
		}
		sc := c.SecurityContext
		if sc == nil {
			t.Errorf("%s: no securityContext", cw)
			continue
		}
		if !isTrue(sc.RunAsNonRoot) && !isTrue(psc.RunAsNonRoot) {
			t.Errorf("%s: runAsNonRoot is not set", cw)
		}
		if uid := firstInt64(sc.RunAsUser, psc.RunAsUser); uid != nil && *uid == 0 {
			t.Errorf("%s: runs as uid 0", cw)
		}
		if !isTrue(sc.ReadOnlyRootFilesystem) {
			t.Errorf("%s: readOnlyRootFilesystem must be true", cw)
		}
		if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
			t.Errorf("%s: allowPrivilegeEscalation must be false", cw)
		}
		if isTrue(sc.Privileged) {
			t.Errorf("%s: privileged", cw)
		}
		if sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") || len(sc.Capabilities.Add) > 0 {
			t.Errorf("%s: capabilities must drop ALL and add none", cw)
		}
		seccomp := sc.SeccompProfile
		if seccomp == nil {
			seccomp = psc.SeccompProfile
		}
		if seccomp == nil || seccomp.Type != corev1.SeccompProfileTypeRuntimeDefault {
			t.Errorf("%s: seccompProfile must be RuntimeDefault", cw)
		}
		for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
			req, okReq := c.Resources.Requests[r]
			lim, okLim := c.Resources.Limits[r]
			if !okReq || !okLim {
				t.Errorf("%s: %s needs a request and a limit", cw, r)
			} else if lim.Cmp(req) < 0 {
				t.Errorf("%s: %s limit %s below its request %s", cw, r, lim.String(), req.String())
			}
		}
		env := containerEnv(t, cw, m, c)
		for name, v := range env {
			if v.secretKey != "" && !strings.Contains(docs, v.secretKey) {
				t.Errorf("%s: %s reads key %s of %s, which the overlay's kustomization.yaml does not document",
					cw, name, v.secretKey, secretName)
			}
		}
		if v, ok := env["GOMEMLIMIT"]; ok {
			soft := goMemLimit(t, cw, v.value)
			if lim, ok := c.Resources.Limits[corev1.ResourceMemory]; ok && soft.Cmp(lim) >= 0 {
				t.Errorf("%s: GOMEMLIMIT %s must stay under the memory limit %s", cw, v.value, lim.String())
			}
		}
		envs[c.Name] = env
	}
	return envs
}

func isTrue(b *bool) bool { return b != nil && *b }

func firstInt64(vs ...*int64) *int64 {
	for _, v := range vs {
		if v != nil {
			return v
		}
	}
	return nil
}

// goMemLimit parses the Go runtime's GOMEMLIMIT syntax (B, KiB, MiB, GiB, TiB suffixes).
func goMemLimit(t *testing.T, where, v string) resource.Quantity {
	t.Helper()
	s := v
	for _, suf := range []string{"KiB", "MiB", "GiB", "TiB"} {
		if strings.HasSuffix(s, suf) {
			s = strings.TrimSuffix(s, "B")
			break
		}
	}
	s = strings.TrimSuffix(s, "B")
	q, err := resource.ParseQuantity(s)
	if err != nil {
		t.Fatalf("%s: GOMEMLIMIT %q: %v", where, v, err)
	}
	return q
}

func checkDeployment(t *testing.T, m manifests, d *appsv1.Deployment, docs string) {
	t.Helper()
	where := "Deployment " + d.Name
	tpl := d.Spec.Template
	if !selects(t, d.Spec.Selector, tpl.Labels) {
		t.Errorf("%s: its selector does not select its own pods", where)
	}
	if tpl.Labels[partOfLabel] != partOfValue {
		t.Errorf("%s: pods lack %s=%s", where, partOfLabel, partOfValue)
	}
	if d.Spec.Replicas != nil {
		t.Errorf("%s: sets replicas, which every apply would reset under the HPA", where)
	}
	envs := checkPod(t, where, m, tpl.Spec, docs)

	for _, c := range tpl.Spec.Containers {
		cw := where + " container " + c.Name
		env := envs[c.Name]
		if c.LivenessProbe == nil || c.LivenessProbe.HTTPGet == nil || c.LivenessProbe.HTTPGet.Path != "/healthz" {
			t.Errorf("%s: liveness probe must be httpGet /healthz", cw)
		}
		if c.ReadinessProbe == nil || c.ReadinessProbe.HTTPGet == nil || c.ReadinessProbe.HTTPGet.Path != "/readyz" {
			t.Errorf("%s: readiness probe must be httpGet /readyz", cw)
		}
		for _, p := range []*corev1.Probe{c.LivenessProbe, c.ReadinessProbe, c.StartupProbe} {
			if p != nil && p.HTTPGet != nil && !hasPort(c, p.HTTPGet.Port.String()) {
				t.Errorf("%s: a probe targets port %s, which the container does not declare", cw, p.HTTPGet.Port.String())
			}
		}
		if v := env["AUTO_MIGRATE"]; v.value != "false" {
			t.Errorf("%s: AUTO_MIGRATE is %q, want \"false\" (the migration Job migrates)", cw, v.value)
		}
		var preStop time.Duration
		if c.Lifecycle == nil || c.Lifecycle.PreStop == nil || c.Lifecycle.PreStop.Sleep == nil || c.Lifecycle.PreStop.Sleep.Seconds <= 0 {
			t.Errorf("%s: needs lifecycle.preStop.sleep (endpoints drain before SIGTERM; no shell for `sleep`)", cw)
		} else {
			preStop = time.Duration(c.Lifecycle.PreStop.Sleep.Seconds) * time.Second
		}
		grace := 15 * time.Second // README.md's default SHUTDOWN_GRACE
		if v, ok := env["SHUTDOWN_GRACE"]; ok {
			g, err := time.ParseDuration(v.value)
			if err != nil {
				t.Fatalf("%s: SHUTDOWN_GRACE %q: %v", cw, v.value, err)
			}
			grace = g
		}
		tgp := time.Duration(ptrOr(tpl.Spec.TerminationGracePeriodSeconds, 30)) * time.Second
		if tgp <= grace+preStop {
			t.Errorf("%s: terminationGracePeriodSeconds %v must exceed SHUTDOWN_GRACE %v + preStop %v", cw, tgp, grace, preStop)
		}

		// Migrations: a pod with a database has a Job running `migrate up` on the same image and
		// the same database.
		if db, ok := env["DATABASE_URL"]; ok {
			if !hasMigrationJob(t, m, c.Image, db.secretKey) {
				t.Errorf("%s: no Job runs `migrate up` with image %s on its database (key %s)", cw, c.Image, db.secretKey)
			}
		}
	}

	var hpas []string
	for _, h := range m.hpas {
		ref := h.Spec.ScaleTargetRef
		if ref.Kind != "Deployment" || ref.Name != d.Name {
			continue
		}
		hpas = append(hpas, h.Name)
		if ref.APIVersion != "apps/v1" {
			t.Errorf("HPA %s: scaleTargetRef apiVersion %q", h.Name, ref.APIVersion)
		}
		if h.Spec.MinReplicas == nil || *h.Spec.MinReplicas < 2 {
			t.Errorf("HPA %s: minReplicas must be at least 2 (one pod is no availability)", h.Name)
		} else if h.Spec.MaxReplicas < *h.Spec.MinReplicas {
			t.Errorf("HPA %s: maxReplicas below minReplicas", h.Name)
		}
		if len(h.Spec.Metrics) == 0 {
			t.Errorf("HPA %s: no metric", h.Name)
		}
	}
	if len(hpas) != 1 {
		t.Errorf("%s: want exactly one HPA, got %v", where, hpas)
	}

	var pdbs []string
	for _, p := range m.pdbs {
		if !selects(t, p.Spec.Selector, tpl.Labels) {
			continue
		}
		pdbs = append(pdbs, p.Name)
		if p.Spec.MinAvailable == nil && p.Spec.MaxUnavailable == nil {
			t.Errorf("PDB %s: neither minAvailable nor maxUnavailable", p.Name)
		}
		for _, j := range m.jobs {
			if selects(t, p.Spec.Selector, j.Spec.Template.Labels) {
				t.Errorf("PDB %s also selects the pods of Job %s", p.Name, j.Name)
			}
		}
		for _, other := range m.deployments {
			if other.Name != d.Name && selects(t, p.Spec.Selector, other.Spec.Template.Labels) {
				t.Errorf("PDB %s selects the pods of two Deployments (%s, %s)", p.Name, d.Name, other.Name)
			}
		}
	}
	if len(pdbs) != 1 {
		t.Errorf("%s: want exactly one PodDisruptionBudget, got %v", where, pdbs)
	}

	var svcs int
	for _, s := range m.services {
		if selects(t, &metav1.LabelSelector{MatchLabels: s.Spec.Selector}, tpl.Labels) {
			svcs++
		}
	}
	if svcs == 0 {
		t.Errorf("%s: no Service selects it", where)
	}
}

func ptrOr[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

func hasPort(c corev1.Container, port string) bool {
	for _, p := range c.Ports {
		if p.Name == port || fmt.Sprint(p.ContainerPort) == port {
			return true
		}
	}
	return false
}

func isMigrationJob(j *batchv1.Job) bool {
	cs := j.Spec.Template.Spec.Containers
	return len(cs) == 1 && len(cs[0].Command) == 0 && slices.Equal(cs[0].Args, []string{"migrate", "up"})
}

func hasMigrationJob(t *testing.T, m manifests, image, dbKey string) bool {
	t.Helper()
	for _, j := range m.jobs {
		if !isMigrationJob(j) || j.Spec.Template.Spec.Containers[0].Image != image {
			continue
		}
		for _, e := range j.Spec.Template.Spec.Containers[0].Env {
			if e.Name == "DATABASE_URL" && e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil && e.ValueFrom.SecretKeyRef.Key == dbKey {
				return true
			}
		}
	}
	return false
}

func checkJob(t *testing.T, m manifests, j *batchv1.Job, docs string) {
	t.Helper()
	where := "Job " + j.Name
	if !isMigrationJob(j) {
		t.Errorf("%s: the only Jobs are migrations: one container with args [migrate up]", where)
	}
	spec := j.Spec.Template.Spec
	if spec.RestartPolicy != corev1.RestartPolicyNever && spec.RestartPolicy != corev1.RestartPolicyOnFailure {
		t.Errorf("%s: restartPolicy %q", where, spec.RestartPolicy)
	}
	if j.Spec.BackoffLimit == nil || j.Spec.ActiveDeadlineSeconds == nil {
		t.Errorf("%s: set backoffLimit and activeDeadlineSeconds: a stuck migration must fail, not hang", where)
	}
	// Applied alone (kubectl apply -l app.kubernetes.io/component=migration) before anything
	// else of the overlay, the Job must not depend on the overlay's other objects.
	if spec.ServiceAccountName != "" {
		t.Errorf("%s: names service account %s, which may not exist yet when the Job is applied alone", where, spec.ServiceAccountName)
	}
	if j.Labels["app.kubernetes.io/component"] != "migration" {
		t.Errorf("%s: needs label app.kubernetes.io/component=migration (the documented apply order selects it)", where)
	}
	envs := checkPod(t, where, m, spec, docs)
	for _, c := range spec.Containers {
		if len(c.EnvFrom) > 0 {
			t.Errorf("%s: envFrom makes the Job depend on a ConfigMap applied after it", where)
		}
		if _, ok := envs[c.Name]["DATABASE_URL"]; !ok {
			t.Errorf("%s: no DATABASE_URL", where)
		}
	}
}

func checkService(t *testing.T, m manifests, s *corev1.Service) {
	t.Helper()
	where := "Service " + s.Name
	sel := &metav1.LabelSelector{MatchLabels: s.Spec.Selector}
	var targets []*appsv1.Deployment
	for _, d := range m.deployments {
		if selects(t, sel, d.Spec.Template.Labels) {
			targets = append(targets, d)
		}
	}
	if len(targets) != 1 {
		t.Errorf("%s: selects %d Deployments, want 1", where, len(targets))
		return
	}
	for _, j := range m.jobs {
		if selects(t, sel, j.Spec.Template.Labels) {
			t.Errorf("%s: also selects the pods of Job %s", where, j.Name)
		}
	}
	if s.Spec.Type != "" && s.Spec.Type != corev1.ServiceTypeClusterIP {
		t.Errorf("%s: type %s: exposing the API is the ingress's job", where, s.Spec.Type)
	}
	for _, p := range s.Spec.Ports {
		ok := false
		for _, c := range targets[0].Spec.Template.Spec.Containers {
			ok = ok || hasPort(c, p.TargetPort.String())
		}
		if !ok {
			t.Errorf("%s: targetPort %s is not a port of %s", where, p.TargetPort.String(), targets[0].Name)
		}
		if p.Port == 9090 || p.TargetPort.String() == "metrics" {
			t.Errorf("%s: exposes the metrics port; Prometheus scrapes the pods", where)
		}
	}
}

func deploymentNames(m manifests) []string {
	var names []string
	for _, d := range m.deployments {
		names = append(names, d.Name)
	}
	slices.Sort(names)
	return names
}

func TestKustomizeMonolith(t *testing.T) {
	m := build(t, filepath.Join("k8s", "overlays", "monolith"))
	if got := deploymentNames(m); !slices.Equal(got, []string{"gateway"}) {
		t.Errorf("monolith Deployments %v, want [gateway]", got)
	}
	if len(m.jobs) != 1 || m.jobs[0].Spec.Template.Spec.Containers[0].Image != "modmono/gateway" {
		t.Error("monolith: want one Job, `gateway migrate up`")
	}
}

func TestKustomizeSplit(t *testing.T) {
	m := build(t, filepath.Join("k8s", "overlays", "split"))
	want := []string{"auth-service", "gateway", "orders-service", "payments-service"}
	if got := deploymentNames(m); !slices.Equal(got, want) {
		t.Errorf("split Deployments %v, want %v", got, want)
	}
	broker := ""
	for _, cm := range m.configMaps {
		broker = cm.Data["BROKER_URL"]
	}
	if !strings.HasPrefix(broker, "nats://") {
		t.Errorf("split: BROKER_URL %q, want nats://… (the cluster's NATS JetStream)", broker)
	}
	dbKeys := map[string]string{}
	for _, d := range m.deployments {
		c := d.Spec.Template.Spec.Containers[0]
		env := map[string]corev1.EnvVar{}
		for _, e := range c.Env {
			env[e.Name] = e
		}
		if d.Name == "gateway" {
			for _, k := range []string{"AUTH_URL", "ORDERS_URL", "PAYMENTS_URL"} {
				if env[k].Value == "" {
					t.Errorf("split gateway: no %s", k)
				} else if svc := strings.TrimPrefix(env[k].Value, "http://"); findService(m, strings.Split(svc, ":")[0]) == nil {
					t.Errorf("split gateway: %s=%s names no Service of the overlay", k, env[k].Value)
				}
			}
			continue
		}
		db, ok := env["DATABASE_URL"]
		if !ok || db.ValueFrom == nil || db.ValueFrom.SecretKeyRef == nil {
			t.Errorf("split %s: no DATABASE_URL of its own", d.Name)
			continue
		}
		key := db.ValueFrom.SecretKeyRef.Key
		if other, dup := dbKeys[key]; dup {
			t.Errorf("split: %s and %s share the database %s", other, d.Name, key)
		}
		dbKeys[key] = d.Name
	}
	if len(m.jobs) != 3 {
		t.Errorf("split: want a migration Job per service (3), got %d", len(m.jobs))
	}
}

func findService(m manifests, name string) *corev1.Service {
	for _, s := range m.services {
		if s.Name == name {
			return s
		}
	}
	return nil
}
