package e2e_test

import (
	"net/http"
	"syscall"
	"testing"
	"time"
)

// TestGatewayDrainsOnSIGTERM: after SIGTERM the gateway answers /readyz with 503 (so a load
// balancer takes it out) while /healthz and the API still answer, for SHUTDOWN_DRAIN, then stops
// and exits 0.
func TestGatewayDrainsOnSIGTERM(t *testing.T) {
	t.Parallel()
	const drain = 2 * time.Second
	gw := startGateway(t, "SHUTDOWN_DRAIN="+drain.String(), "INSTANCE_NAME=drain-test")
	api := newClient(t, gw.URL)
	r := api.do(http.MethodGet, "/readyz", nil)
	expect(t, "readyz before SIGTERM", r, http.StatusOK, "")
	if got := r.Header.Get("X-Served-By"); got != "drain-test" {
		t.Errorf("X-Served-By = %q, want the INSTANCE_NAME drain-test", got)
	}

	signalled := time.Now()
	if err := gw.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The signal is handled asynchronously: poll until the 503 (the process must not exit first).
	for api.do(http.MethodGet, "/readyz", nil).Status != http.StatusServiceUnavailable {
		time.Sleep(10 * time.Millisecond)
	}
	expect(t, "healthz while draining", api.do(http.MethodGet, "/healthz", nil), http.StatusOK, "")
	r = api.do(http.MethodPost, "/api/v1/auth/register",
		map[string]any{"email": "drain@example.com", "password": "a long enough passphrase", "full_name": "D"})
	expect(t, "register while draining", r, http.StatusCreated, "")
	if !r.Close {
		t.Error("a response while draining keeps its connection open, want Connection: close (clients reconnect elsewhere)")
	}
	expect(t, "login while draining", api.do(http.MethodPost, "/api/v1/auth/login",
		map[string]any{"email": "drain@example.com", "password": "a long enough passphrase"}), http.StatusOK, "")

	var exitErr error
	select {
	case exitErr = <-gw.done:
		gw.done <- exitErr // for the cleanup
	case <-time.After(drain + 15*time.Second):
		t.Fatalf("still running %s after SIGTERM", time.Since(signalled))
	}
	if time.Since(signalled) < drain {
		t.Errorf("exited %s after SIGTERM, before the %s drain was over", time.Since(signalled), drain)
	}
	if exitErr != nil {
		t.Fatalf("exit after the drain: %v, want status 0\n%s", exitErr, gw.output)
	}
}
