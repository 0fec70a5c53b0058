package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

type gateway struct {
	cmd         *exec.Cmd
	url         string
	startup     time.Duration
	dir         string
	metricsAddr string // its METRICS_ADDR, if it was given one
}

func startGateway(binary, databaseURL string, env ...string) (*gateway, error) {
	return startProcess(binary, append([]string{"DATABASE_URL=" + databaseURL,
		"JWT_SIGNING_KEY_FILE=" + filepath.Join(os.TempDir(), "bench-jwt.pem"),
		"BOOTSTRAP_ADMIN_EMAIL=" + benchAdminEmail, "BOOTSTRAP_ADMIN_PASSWORD=" + benchAdminPassword}, env...)...)
}

// startProfiled is startProcess with a METRICS_ADDR of its own when the run collects profiles.
func startProfiled(o options, binary string, env ...string) (*gateway, error) {
	metrics, addr, err := metricsEnv(o)
	if err != nil {
		return nil, err
	}
	g, err := startProcess(binary, append(env, metrics...)...)
	if err != nil {
		return nil, err
	}
	g.metricsAddr = addr
	return g, nil
}

// startProcess starts one of the project's binaries on a free loopback port with env added to
// the bench's own, and waits until it is healthy.
func startProcess(binary string, env ...string) (*gateway, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	dir, err := os.MkdirTemp("", "bench-process-")
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(binary) // relative to here, not to the process's own directory
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(abs)
	cmd.Dir = dir
	// No drain on SIGTERM: nothing balances in front of a measured process while it stops. No
	// per-client limits: a load generator is one client address placing thousands of orders.
	cmd.Env = append(os.Environ(), "HTTP_ADDR="+addr, "SQL_STATEMENT_HEADER=true", "LOG_LEVEL=error",
		"RATE_LIMITS=off", "SHUTDOWN_DRAIN=0s")
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	g := &gateway{cmd: cmd, url: "http://" + addr, dir: dir}
	for time.Since(begin) < 30*time.Second {
		resp, err := http.Get(g.url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				g.startup = time.Since(begin)
				return g, nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	g.stop()
	return nil, fmt.Errorf("%s not healthy after 30s", filepath.Base(binary))
}

func (g *gateway) stop() {
	_ = g.cmd.Process.Signal(syscall.SIGTERM)
	_ = g.cmd.Wait()
	os.RemoveAll(g.dir)
}

// call sends a JSON request and wants the given status back.
func call(base, method, path, token string, body any, want int) ([]byte, error) {
	return callWithKey(base, method, path, token, "", body, want)
}

// callWithKey is call with an Idempotency-Key.
func callWithKey(base, method, path, token, key string, body any, want int) ([]byte, error) {
	var rdr *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rdr = bytes.NewReader(b)
	} else {
		rdr = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, base+path, rdr)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	if resp.StatusCode != want {
		return nil, fmt.Errorf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, buf.Bytes())
	}
	return buf.Bytes(), nil
}
