package e2e_test

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// binaries are built once per test process, as `make build` builds them.
var (
	binariesMu sync.Mutex
	binaries   = map[string]string{} // main package → built binary
	binDir     string
)

// buildBinary builds the main package pkg (relative to gateway/e2e) once and returns its path.
func buildBinary(t *testing.T, pkg string) string {
	t.Helper()
	binariesMu.Lock()
	defer binariesMu.Unlock()
	if path, ok := binaries[pkg]; ok {
		return path
	}
	if binDir == "" {
		dir, err := os.MkdirTemp("", "modmono-e2e-bin-")
		if err != nil {
			t.Fatal(err)
		}
		binDir = dir
	}
	path := filepath.Join(binDir, filepath.Base(pkg))
	cmd := exec.Command("go", "build", "-trimpath", "-o", path, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	binaries[pkg] = path
	return path
}

func gatewayBinary(t *testing.T) string { return buildBinary(t, "../cmd/gateway") }

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// process is a started binary with its captured output.
type process struct {
	cmd    *exec.Cmd
	output *syncBuffer
	done   chan error
	URL    string
}

// startGateway runs the built gateway on a temporary SQLite store and waits until it is healthy.
func startGateway(t *testing.T, env ...string) *process {
	t.Helper()
	dir := t.TempDir()
	return startProcess(t, gatewayBinary(t), freeAddr(t), append([]string{
		"DATABASE_URL=sqlite:" + filepath.Join(dir, "var", "shop.db"),
		"JWT_SIGNING_KEY_FILE=" + filepath.Join(dir, "var", "jwt.pem"),
	}, env...)...)
}

// limitsAsDefault, passed in a process's env, restores the per-client limits' default (on):
// an empty value is the default. Without it the suites run with RATE_LIMITS=off, as the
// contract says black-box suites do, since they register and order far more than one client
// address would.
const limitsAsDefault = "RATE_LIMITS="

// startProcess runs binary on addr with env (later entries win) and waits until it is healthy.
func startProcess(t *testing.T, binary, addr string, env ...string) *process {
	t.Helper()
	p := launchProcess(t, binary, addr, env...)
	p.waitHealthy(t, 15*time.Second)
	return p
}

// launchProcess starts binary on addr with env (later entries win) without waiting: several
// processes can then start at once, as an orchestrator starts replicas.
func launchProcess(t *testing.T, binary, addr string, env ...string) *process {
	t.Helper()
	cmd := exec.Command(binary)
	cmd.Dir = t.TempDir()
	// No drain on SIGTERM unless a test asks for one: nothing balances in front of most tests.
	// Small pools: the suite runs dozens of processes at once on one PostgreSQL server, whose
	// max_connections (100) their default pools (10 per context, opened on demand) could exhaust.
	cmd.Env = append(os.Environ(), "HTTP_ADDR="+addr, "LOG_LEVEL=warn", "RATE_LIMITS=off", "SHUTDOWN_DRAIN=0s", "DB_POOL_MAX=4")
	cmd.Env = append(cmd.Env, env...)
	return launchCommand(t, cmd, "http://"+addr)
}

// launchCommand starts cmd, which serves on url, capturing its output; it is killed when the
// test ends.
func launchCommand(t *testing.T, cmd *exec.Cmd, url string) *process {
	t.Helper()
	p := &process{cmd: cmd, output: &syncBuffer{}, done: make(chan error, 1), URL: url}
	cmd.Stdout, cmd.Stderr = p.output, p.output
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		exitErr := <-p.done
		p.done <- exitErr // a later cleanup of the same process (restarts) finds it too
		if t.Failed() {
			t.Logf("%s exit: %v; output:\n%s", filepath.Base(cmd.Path), exitErr, p.output)
		}
	})
	return p
}

// syncBuffer is the output of a process, read by tests while the process writes it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (p *process) waitHealthy(t *testing.T, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		select {
		case err := <-p.done:
			p.done <- err
			t.Fatalf("%s exited before it was healthy: %v\n%s", filepath.Base(p.cmd.Path), err, p.output)
		default:
		}
		resp, err := http.Get(p.URL + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s not healthy after %s\n%s", filepath.Base(p.cmd.Path), timeout, p.output)
}

// stop sends SIGTERM and returns the exit error (nil for exit code 0).
func (p *process) stop(t *testing.T) error {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	select {
	case err := <-p.done:
		p.done <- err
		return err
	case <-ctx.Done():
		t.Fatalf("gateway did not stop within 20s of SIGTERM\n%s", p.output)
		return nil
	}
}
