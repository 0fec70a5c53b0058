package httpserver_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/modmono/platform/httpserver"
)

// tick is the tests' CoarseDeadlines tick: their timeouts (at least 300 ms) are more than two
// ticks long, so the sweeper, not the socket, enforces them.
const tick = 50 * time.Millisecond

// serveCoarse serves h with httpserver.New's server and cfg's timeouts on a CoarseDeadlines
// listener, and returns its address.
func serveCoarse(t *testing.T, cfg httpserver.Config, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httpserver.New(cfg, h)
	go func() { _ = srv.Serve(httpserver.CoarseDeadlines(ln, tick)) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String()
}

// closedAfter reads from c until the server closes it and returns how long that took from start.
func closedAfter(t *testing.T, c net.Conn, start time.Time) time.Duration {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, err := io.Copy(io.Discard, c)
	var timeout net.Error
	if errors.As(err, &timeout) && timeout.Timeout() {
		t.Fatal("the server never closed the connection")
	}
	return time.Since(start)
}

func TestCoarseDeadlinesStillCutSlowClients(t *testing.T) {
	t.Parallel()
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok") })
	tests := []struct {
		name    string
		cfg     httpserver.Config
		handler http.Handler
		client  func(t *testing.T, c net.Conn)
		limit   time.Duration // the timeout that must cut the connection, not before
	}{
		{"headers that never end: cut at the header timeout",
			httpserver.Config{ReadHeaderTimeout: 400 * time.Millisecond},
			ok,
			func(t *testing.T, c net.Conn) { _, _ = io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n") },
			400 * time.Millisecond},
		{"a body that never comes: cut at the read timeout",
			httpserver.Config{ReadHeaderTimeout: 300 * time.Millisecond, ReadTimeout: 600 * time.Millisecond},
			http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.Copy(io.Discard, r.Body) }),
			func(t *testing.T, c net.Conn) {
				_, _ = io.WriteString(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789")
			},
			600 * time.Millisecond},
		{"an idle keep-alive connection: closed at the idle timeout",
			httpserver.Config{IdleTimeout: 500 * time.Millisecond},
			ok,
			func(t *testing.T, c net.Conn) {
				_, _ = io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
				res, err := http.ReadResponse(bufio.NewReader(c), nil)
				if err != nil || res.StatusCode != http.StatusOK {
					t.Fatalf("first request: %v, %v", res, err)
				}
			},
			500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := net.Dial("tcp", serveCoarse(t, tt.cfg, tt.handler))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			start := time.Now()
			tt.client(t, c)
			if took := closedAfter(t, c, start); took < tt.limit-tick || took > tt.limit+5*time.Second {
				t.Fatalf("closed after %s; want at its timeout, %s", took, tt.limit)
			}
		})
	}
}

// TestCoarseDeadlinesCutAClientThatDoesNotRead: an answer the client never reads blocks the
// handler's write until the write timeout fails it.
func TestCoarseDeadlinesCutAClientThatDoesNotRead(t *testing.T) {
	t.Parallel()
	failed := make(chan time.Duration, 1)
	addr := serveCoarse(t, httpserver.Config{WriteTimeout: 600 * time.Millisecond},
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start, chunk := time.Now(), make([]byte, 64<<10)
			for range 1 << 12 { // 256 MiB: far more than the socket buffers hold
				if _, err := w.Write(chunk); err != nil {
					failed <- time.Since(start)
					return
				}
			}
			failed <- -1
		}))
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, _ = io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	select {
	case took := <-failed:
		if took < 0 || took > 5*time.Second {
			t.Fatalf("the handler's write failed after %s; want it cut near the write timeout", took)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the handler's write never failed")
	}
}

// TestCoarseDeadlinesNeverCutABusyConnection: requests one after another on one connection, for
// several times every timeout, all answered: a deadline noted for a request never outlives it.
// The handler's own near deadline (http.ResponseController) goes to the socket and is lifted
// for the next request.
func TestCoarseDeadlinesNeverCutABusyConnection(t *testing.T) {
	t.Parallel()
	const timeout = 300 * time.Millisecond
	addr := serveCoarse(t, httpserver.Config{ReadHeaderTimeout: timeout, ReadTimeout: timeout,
		WriteTimeout: timeout, IdleTimeout: timeout},
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/near" {
				_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(tick))
			}
			_, _ = io.WriteString(w, "ok")
		}))
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r := bufio.NewReader(c)
	for i, end := 0, time.Now().Add(5*timeout); time.Now().Before(end); i++ {
		path := "/"
		if i%3 == 0 {
			path = "/near"
		}
		if _, err := io.WriteString(c, "GET "+path+" HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		res, err := http.ReadResponse(r, nil)
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(string(body), "ok") {
			t.Fatalf("request %d: %d %q", i, res.StatusCode, body)
		}
		time.Sleep(2 * tick) // more than a tick between requests: the sweeper sees them all
	}
}
