package e2e_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// stage2 is the Stage 2 topology: replicas of the gateway started at once on one PostgreSQL
// database behind HAProxy, round-robin, checking /readyz every 200ms.
type stage2 struct {
	URL         string // the load balancer
	replicas    []*process
	env         []string // every replica's environment but its name
	databaseURL string
	mailDir     string
}

const (
	stage2AdminEmail    = "stage2-admin@example.com"
	stage2AdminPassword = "stage2 admin passphrase"
	// HAProxy takes a replica out after 2 failed checks 200ms apart; a replica drains for longer
	// than 3 intervals, as make stage2 and the deploy files do with theirs.
	stage2CheckInterval = "200ms"
	stage2Drain         = "1s"
)

// requireHAProxy fails under CI and skips elsewhere when Debian's haproxy is not installed.
func requireHAProxy(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("haproxy"); err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("haproxy is not installed (CI=true): apt-get install haproxy")
	}
	t.Skip("haproxy is not installed: skipping the Stage 2 tests (apt-get install haproxy; set CI=true to fail instead)")
}

func startStage2(t *testing.T, replicas int, env ...string) *stage2 {
	t.Helper()
	requireHAProxy(t)
	pg, err := url.Parse(postgresServerURL())
	if err != nil {
		t.Fatal(err)
	}
	requireService(t, "PostgreSQL", pg.Host)
	s := &stage2{databaseURL: createDatabase(t, "e2e_"+randomName(t)+"_stage2"), mailDir: t.TempDir()}
	s.env = append([]string{
		"DATABASE_URL=" + s.databaseURL, "SHUTDOWN_DRAIN=" + stage2Drain, "RATE_LIMITS=off",
		"TRUSTED_PROXIES=127.0.0.1/32", "MAIL_SINK_DIR=" + s.mailDir,
		// A key's lease is twice the write timeout: a retry after a SIGKILL waits 18s at most.
		// The request deadline stays 5s below it (the time a commit sent at the deadline may take).
		"HTTP_WRITE_TIMEOUT=9s", "REQUEST_TIMEOUT=4s",
		// Replicas × contexts × pool must fit the shared server's max_connections (100) beside
		// the other tests running at the same time.
		"DB_POOL_MAX=4",
		"BOOTSTRAP_ADMIN_EMAIL=" + stage2AdminEmail, "BOOTSTRAP_ADMIN_PASSWORD=" + stage2AdminPassword,
		// No key configured: the replicas share the keys kept in the database.
	}, env...)
	// All at once, on an empty database: one migrates, the others wait for it.
	for i := range replicas {
		s.replicas = append(s.replicas, launchProcess(t, gatewayBinary(t), freeAddr(t), s.replicaEnv(i)...))
	}
	for _, p := range s.replicas {
		p.waitHealthy(t, 60*time.Second)
	}
	s.startHAProxy(t)
	for i := range s.replicas {
		s.waitInRotation(t, i)
	}
	return s
}

func (s *stage2) name(i int) string { return fmt.Sprintf("replica-%d", i+1) }

func (s *stage2) replicaEnv(i int) []string {
	return append(append([]string{}, s.env...), "INSTANCE_NAME="+s.name(i))
}

func (s *stage2) startHAProxy(t *testing.T) {
	t.Helper()
	addr := freeAddr(t)
	var servers strings.Builder
	for i, p := range s.replicas {
		fmt.Fprintf(&servers, "    server %s %s\n", s.name(i), strings.TrimPrefix(p.URL, "http://"))
	}
	cfg := filepath.Join(t.TempDir(), "haproxy.cfg")
	// The shape of scripts/topology.sh's configuration, with a shorter check interval.
	text := `global
    maxconn 1024

defaults
    mode http
    option forwardfor
    option redispatch
    retries 2
    retry-on conn-failure
    timeout connect 3s
    timeout client 60s
    timeout server 60s
    timeout check 2s
    timeout http-request 10s
    timeout http-keep-alive 60s

frontend api
    bind ` + addr + `
    default_backend gateways

backend gateways
    balance roundrobin
    option httpchk
    http-check send meth GET uri /readyz
    http-check expect status 200
    default-server check inter ` + stage2CheckInterval + ` fall 2 rise 2
` + servers.String()
	if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	lb := launchCommand(t, exec.Command("haproxy", "-db", "-f", cfg), "http://"+addr)
	lb.waitHealthy(t, 15*time.Second)
	s.URL = lb.URL
}

// waitInRotation waits until the load balancer sends requests to replica i.
func (s *stage2) waitInRotation(t *testing.T, i int) {
	t.Helper()
	api := newClient(t, s.URL)
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if r, err := api.try(http.MethodGet, "/healthz", nil); err == nil && r.Header.Get("X-Served-By") == s.name(i) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s is not in the load balancer's rotation after 15s", s.name(i))
}

// restart starts replica i again on its address after it stopped or was killed, and waits until
// the load balancer sends it requests again.
func (s *stage2) restart(t *testing.T, i int) {
	t.Helper()
	s.replicas[i] = startProcess(t, gatewayBinary(t), strings.TrimPrefix(s.replicas[i].URL, "http://"), s.replicaEnv(i)...)
	s.waitInRotation(t, i)
}
