package e2e_test

import (
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runBinary runs the built gateway with a command and env, returning its output and exit code.
func runBinary(t *testing.T, dir string, env []string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(gatewayBinary(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	}
	t.Fatalf("run %v: %v", args, err)
	return "", -1
}

func TestGatewayCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	store := []string{"DATABASE_URL=sqlite:" + filepath.Join(dir, "shop.db")}
	tests := []struct {
		name     string
		env      []string
		args     []string
		wantExit int
		wantOut  []string
	}{
		{name: "status before migrating lists pending migrations", env: store, args: []string{"migrate", "status"},
			wantOut: []string{"auth", "pending", "00001_auth_init.sql", "messaging"}},
		{name: "up applies them", env: store, args: []string{"migrate", "up"}},
		{name: "status after up shows them applied", env: store, args: []string{"migrate", "status"},
			wantOut: []string{"00001_auth_init.sql", "T"}},
		{name: "an unknown command is a usage error", env: store, args: []string{"migrate", "sideways"}, wantExit: 1,
			wantOut: []string{"unknown migrate command"}},
		{name: "bad usage", env: store, args: []string{"frobnicate"}, wantExit: 2, wantOut: []string{"usage: gateway"}},
		{name: "a bad variable stops the process naming it", env: []string{"HTTP_ADDR=not an address"}, wantExit: 2,
			wantOut: []string{"HTTP_ADDR"}},
		{name: "healthcheck without a server fails", env: []string{"HTTP_ADDR=127.0.0.1:1"}, args: []string{"healthcheck"}, wantExit: 1},
	}
	for _, tt := range tests { // in order: they share one store
		out, code := runBinary(t, dir, tt.env, tt.args...)
		if code != tt.wantExit {
			t.Fatalf("%s: exit %d, want %d; output:\n%s", tt.name, code, tt.wantExit, out)
		}
		for _, want := range tt.wantOut {
			if !strings.Contains(out, want) {
				t.Errorf("%s: output lacks %q:\n%s", tt.name, want, out)
			}
		}
		if tt.name == "status after up shows them applied" && strings.Contains(out, "pending") {
			t.Errorf("%s: still pending after up:\n%s", tt.name, out)
		}
	}
}

func TestHealthcheckCommandAgainstARunningGateway(t *testing.T) {
	t.Parallel()
	gw := startGateway(t)
	addr := strings.TrimPrefix(gw.URL, "http://")
	if out, code := runBinary(t, t.TempDir(), []string{"HTTP_ADDR=" + addr}, "healthcheck"); code != 0 {
		t.Fatalf("healthcheck exit %d, want 0:\n%s", code, out)
	}
}

// The binaries set the collector's target to 200 % unless GOGC says otherwise (program.serve).
func TestCollectorTargetIs200UnlessGOGCIsSet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  []string
		want string
	}{
		{name: "unset (empty is unset, as for Go)", env: []string{"GOGC="}, want: "go_gc_gogc_percent 200"},
		{name: "set by the operator", env: []string{"GOGC=150"}, want: "go_gc_gogc_percent 150"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			gw := startGateway(t, tt.env...)
			resp, err := http.Get(gw.URL + "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			if !strings.Contains(string(body), "\n"+tt.want+"\n") {
				t.Errorf("/metrics lacks %q", tt.want)
			}
		})
	}
}
