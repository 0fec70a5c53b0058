package e2e_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"
)

// client speaks JSON to the API under test, as any consumer would.
type client struct {
	t     *testing.T
	base  string
	token string
	key   string // Idempotency-Key, if any
	http  *http.Client
}

func newClient(t *testing.T, base string) *client {
	return &client{t: t, base: base, http: &http.Client{Timeout: 10 * time.Second}}
}

func (c *client) withToken(token string) *client {
	cp := *c
	cp.token = token
	return &cp
}

func (c *client) withKey(key string) *client {
	cp := *c
	cp.key = key
	return &cp
}

type response struct {
	Status int
	Header http.Header
	Body   []byte
	Close  bool // the server closes the connection after it ("Connection: close")
}

func (r response) json(t *testing.T, into any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, into); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

func (r response) code(t *testing.T) string {
	t.Helper()
	var p struct {
		Code string `json:"code"`
	}
	r.json(t, &p)
	return p.Code
}

func (c *client) do(method, path string, body any) response {
	c.t.Helper()
	r, err := c.try(method, path, body)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

// try is do for callers that count transport failures instead of failing at the first (traffic
// across restarts); it is safe for concurrent use when the client is not modified.
func (c *client) try(method, path string, body any) (response, error) {
	var rdr io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return response{}, err
		}
		rdr = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rdr)
	if err != nil {
		return response{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.key != "" {
		req.Header.Set("Idempotency-Key", c.key)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, err
	}
	if log, ok := observed.Load(c.base); ok {
		log.(*servedLog).add(resp.Header.Get("X-Served-By"))
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: b, Close: resp.Close}, nil
}

// observed holds, per base URL a test observes, the X-Served-By of every response in order:
// the Stage 2 tests prove with it which replicas served a flow they did not write.
var observed sync.Map // base URL → *servedLog

type servedLog struct {
	mu    sync.Mutex
	names []string
}

// observe starts recording the replicas that serve requests to base, until the test ends.
func observe(t *testing.T, base string) *servedLog {
	log := &servedLog{}
	observed.Store(base, log)
	t.Cleanup(func() { observed.Delete(base) })
	return log
}

func (l *servedLog) add(name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.names = append(l.names, name)
}

// take returns the names recorded so far and starts afresh.
func (l *servedLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	names := l.names
	l.names = nil
	return names
}

// expect fails the test unless the response has the wanted status (and code, for errors).
func expect(t *testing.T, what string, r response, status int, code string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: status = %d, want %d; body %s", what, r.Status, status, r.Body)
	}
	if code != "" {
		if got := r.code(t); got != code {
			t.Fatalf("%s: code = %q, want %q; body %s", what, got, code, r.Body)
		}
	}
}
