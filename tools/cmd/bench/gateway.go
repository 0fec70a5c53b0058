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
	cmd     *exec.Cmd
	url     string
	startup time.Duration
	dir     string
}

func startGateway(binary, databaseURL string) (*gateway, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	dir, err := os.MkdirTemp("", "bench-gateway-")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(binary)
	cmd.Env = append(os.Environ(), "HTTP_ADDR="+addr, "DATABASE_URL="+databaseURL,
		"JWT_SIGNING_KEY_FILE="+filepath.Join(os.TempDir(), "bench-jwt.pem"),
		"SQL_STATEMENT_HEADER=true", "LOG_LEVEL=error")
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
	return nil, fmt.Errorf("gateway not healthy after 30s")
}

func (g *gateway) stop() {
	_ = g.cmd.Process.Signal(syscall.SIGTERM)
	_ = g.cmd.Wait()
	os.RemoveAll(g.dir)
}

// loginToken registers a user and returns an access token for the authenticated endpoints.
func loginToken(base string) (string, error) {
	creds := map[string]string{"email": fmt.Sprintf("bench-%d@example.com", time.Now().UnixNano()), "password": "bench passphrase 123", "full_name": "Bench"}
	if _, err := postJSON(base+"/api/v1/auth/register", creds, http.StatusCreated); err != nil {
		return "", err
	}
	delete(creds, "full_name")
	body, err := postJSON(base+"/api/v1/auth/login", creds, http.StatusOK)
	if err != nil {
		return "", err
	}
	var pair struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(body, &pair); err != nil {
		return "", err
	}
	return pair.AccessToken, nil
}

func postJSON(url string, body any, want int) ([]byte, error) {
	b, _ := json.Marshal(body)
	resp, err := http.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	if resp.StatusCode != want {
		return nil, fmt.Errorf("POST %s: status %d, want %d: %s", url, resp.StatusCode, want, buf.Bytes())
	}
	return buf.Bytes(), nil
}
