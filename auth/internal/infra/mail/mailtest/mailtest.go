// Package mailtest runs a real SMTP server (emersion/go-smtp) on a loopback address for tests:
// optionally with STARTTLS on a throwaway certificate and AUTH PLAIN, and recording every
// message it accepts.
package mailtest

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options shape the server. With Username set, AUTH PLAIN is required before MAIL, and (since
// go-smtp refuses AUTH in clear by default) only offered after STARTTLS.
type Options struct {
	TLS bool // offer STARTTLS
	// ImplicitTLS speaks TLS from the first byte, as smtps:// (port 465) does.
	ImplicitTLS        bool
	Username, Password string
}

// Received is one accepted message.
type Received struct {
	From     string
	To       []string
	Data     []byte
	TLS      bool   // the message came over TLS
	AuthUser string // who authenticated, if anyone
}

// Server is a running SMTP server.
type Server struct {
	Addr string
	// ClientTLS trusts the server's certificate; nil without Options.TLS.
	ClientTLS *tls.Config

	opts   Options
	mu     sync.Mutex
	msgs   []Received
	arrive chan struct{}
}

// Start serves on a fresh loopback port until the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	return StartOn(t, "127.0.0.1:0", opts)
}

// StartOn serves on addr, such as one taken earlier with FreeAddr to play a server that was down.
func StartOn(t testing.TB, addr string, opts Options) *Server {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("mailtest: listen on %s: %v", addr, err)
	}
	s := &Server{Addr: l.Addr().String(), opts: opts, arrive: make(chan struct{}, 1)}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{server: s, conn: c}, nil
	}))
	srv.Domain = "mailtest.local"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	if opts.TLS || opts.ImplicitTLS {
		srv.TLSConfig, s.ClientTLS = selfSigned(t)
	}
	if opts.ImplicitTLS {
		l = tls.NewListener(l, srv.TLSConfig)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s
}

// FreeAddr returns a loopback address nothing listens on (it was free a moment ago).
func FreeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// Messages returns what the server has accepted so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.msgs)
}

// Wait returns the messages once there are at least n, failing the test after timeout.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []Received {
	t.Helper()
	deadline := time.After(timeout)
	for {
		if got := s.Messages(); len(got) >= n {
			return got
		}
		select {
		case <-s.arrive:
		case <-deadline:
			t.Fatalf("mailtest: %d messages arrived within %s, want %d", len(s.Messages()), timeout, n)
		}
	}
}

func (s *Server) add(r Received) {
	s.mu.Lock()
	s.msgs = append(s.msgs, r)
	s.mu.Unlock()
	select {
	case s.arrive <- struct{}{}:
	default:
	}
}

// session is one SMTP session; go-smtp starts a new one after STARTTLS.
type session struct {
	server   *Server
	conn     *smtp.Conn
	authUser string
	current  Received
}

func (s *session) AuthMechanisms() []string {
	if s.server.opts.Username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != s.server.opts.Username || password != s.server.opts.Password {
			return smtp.ErrAuthFailed
		}
		s.authUser = username
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.server.opts.Username != "" && s.authUser == "" {
		return smtp.ErrAuthRequired
	}
	s.current = Received{From: from, AuthUser: s.authUser}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.current.To = append(s.current.To, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if len(s.current.To) == 0 {
		return errors.New("no recipient")
	}
	_, s.current.TLS = s.conn.TLSConnectionState()
	s.current.Data = b
	s.server.add(s.current)
	return nil
}

func (s *session) Reset()        { s.current = Received{} }
func (s *session) Logout() error { return nil }
