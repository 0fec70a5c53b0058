package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"time"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/platform/clock"
)

// sendTimeout bounds one delivery, connection included. It stays well under the outbox relay's
// 30-second SQLite lease, since the relay waits for the subscriber that sends.
const sendTimeout = 15 * time.Second

// SMTP delivers each message over its own connection: mail here is rare (a registration, a
// reset), so a pool would only add stale connections to handle.
type SMTP struct {
	cfg  SMTPConfig
	addr string // host:port to dial
	from *mail.Address
	// TLS is the client TLS configuration; nil trusts the system's roots. Tests set their CA.
	TLS   *tls.Config
	clock clock.Clock
}

var _ application.Mailer = (*SMTP)(nil)

func NewSMTP(cfg SMTPConfig, clk clock.Clock) (*SMTP, error) {
	from, err := ParseFrom(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("sender: %w", err)
	}
	if clk == nil {
		return nil, errors.New("smtp mailer: clock is nil")
	}
	return &SMTP{cfg: cfg, addr: cfg.Addr(), from: from, clock: clk}, nil
}

func (s *SMTP) Send(ctx context.Context, m application.Message) error {
	raw, to, _, err := render(s.from, m, s.clock.Now())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	conn, err := s.dial(ctx)
	if err != nil {
		return fmt.Errorf("connect to the SMTP server %s: %w", s.addr, err)
	}
	// net/smtp knows no context: the deadline bounds every read and write, and cancelling ctx
	// closes the connection under whatever call is waiting.
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()
	if deadline, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(deadline)
	}
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		_ = conn.Close()
		return fmt.Errorf("greet the SMTP server %s: %w", s.addr, err)
	}
	defer c.Close()
	if err := s.deliver(c, to, raw); err != nil {
		return fmt.Errorf("deliver through the SMTP server %s: %w", s.addr, err)
	}
	return nil
}

func (s *SMTP) dial(ctx context.Context) (net.Conn, error) {
	if s.cfg.ImplicitTLS {
		d := tls.Dialer{Config: s.tlsConfig()}
		return d.DialContext(ctx, "tcp", s.addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", s.addr)
}

// deliver holds one SMTP conversation: STARTTLS when offered (insisted on unless the server is
// loopback or the URL says optional), AUTH PLAIN when credentials are set, then the message.
func (s *SMTP) deliver(c *smtp.Client, to string, raw []byte) error {
	if !s.cfg.ImplicitTLS {
		if offered, _ := c.Extension("STARTTLS"); offered {
			if err := c.StartTLS(s.tlsConfig()); err != nil {
				return fmt.Errorf("STARTTLS: %w", err)
			}
		} else if !s.cfg.StartTLSOptional && !s.cfg.loopback() {
			return errors.New("the server does not offer STARTTLS; add ?starttls=optional to SMTP_URL to send in clear")
		}
	}
	if s.cfg.Username != "" {
		// PlainAuth itself refuses to send the password over a connection that is neither TLS
		// nor loopback.
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.cfg.Host)); err != nil {
			return fmt.Errorf("AUTH PLAIN: %w", err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return fmt.Errorf("MAIL FROM: %w", err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(raw); err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if err := w.Close(); err != nil { // the server's answer to the message
		return fmt.Errorf("DATA: %w", err)
	}
	return c.Quit()
}

func (s *SMTP) tlsConfig() *tls.Config {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.TLS != nil {
		cfg = s.TLS.Clone()
	}
	cfg.ServerName = s.cfg.Host
	return cfg
}
