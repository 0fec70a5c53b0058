package dbtest

import (
	"io"
	"net"
	"net/url"
	"sync"
	"testing"

	"github.com/modmono/platform/db"
)

// TCPProxy stands between a test's store and the shared PostgreSQL server, so that the test can
// make the database unreachable (Stop: connections cut, new ones refused) and bring it back
// (Start) without touching the server other tests use.
type TCPProxy struct {
	addr, target string
	mu           sync.Mutex
	listener     net.Listener
	conns        map[net.Conn]struct{}
	drop         int // connections still to refuse at once, see DropNext
}

// NewTCPProxy listens on a free local port and forwards every connection to target
// (host:port); it is stopped when the test ends.
func NewTCPProxy(t testing.TB, target string) *TCPProxy {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("dbtest: proxy listen: %v", err)
	}
	p := &TCPProxy{addr: l.Addr().String(), target: target, conns: map[net.Conn]struct{}{}}
	p.serve(l)
	t.Cleanup(p.Stop)
	return p
}

// Addr is where the proxy listens (the same across Stop and Start).
func (p *TCPProxy) Addr() string { return p.addr }

// Through points a PostgreSQL configuration at the proxy instead of the server (for OpenWith).
func (p *TCPProxy) Through(cfg *db.Config) {
	u, err := url.Parse(cfg.URL)
	if err != nil {
		panic("dbtest: Through on an unparsable URL")
	}
	u.Host = p.addr
	cfg.URL = u.String()
}

// Stop closes the listener and every connection through it: to the store, the server is gone
// (connections refused).
func (p *TCPProxy) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.listener != nil {
		_ = p.listener.Close()
		p.listener = nil
	}
	for c := range p.conns {
		_ = c.Close()
	}
	clear(p.conns)
}

// DropNext makes the proxy accept and at once close the next n connections, as a server that
// is restarting or out of connections does, then forward again.
func (p *TCPProxy) DropNext(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.drop = n
}

// Start listens again on the same address.
func (p *TCPProxy) Start(t testing.TB) {
	t.Helper()
	l, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatalf("dbtest: proxy listen again on %s: %v", p.addr, err)
	}
	p.serve(l)
}

func (p *TCPProxy) serve(l net.Listener) {
	p.mu.Lock()
	p.listener = l
	p.mu.Unlock()
	go func() {
		for {
			in, err := l.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			dropped := p.drop > 0
			if dropped {
				p.drop--
			}
			p.mu.Unlock()
			if dropped {
				_ = in.Close()
				continue
			}
			out, err := net.Dial("tcp", p.target)
			if err != nil {
				_ = in.Close()
				continue
			}
			p.mu.Lock()
			if p.listener != l { // stopped meanwhile
				p.mu.Unlock()
				_, _ = in.Close(), out.Close()
				continue
			}
			p.conns[in], p.conns[out] = struct{}{}, struct{}{}
			p.mu.Unlock()
			go pipe(in, out)
			go pipe(out, in)
		}
	}()
}

func pipe(dst, src net.Conn) {
	_, _ = io.Copy(dst, src)
	_ = dst.Close()
	_ = src.Close()
}

// PostgresAddr is the host:port of the test server (PostgresURL), for NewTCPProxy.
func PostgresAddr(t testing.TB) string {
	t.Helper()
	u, err := url.Parse(PostgresURL())
	if err != nil || u.Host == "" {
		t.Fatalf("dbtest: TEST_DATABASE_URL has no host:port")
	}
	if u.Port() == "" {
		return net.JoinHostPort(u.Hostname(), "5432")
	}
	return u.Host
}
