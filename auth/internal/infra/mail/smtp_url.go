package mail

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
)

// SMTPConfig is where and how the SMTP adapter delivers.
type SMTPConfig struct {
	Host, Port         string
	Username, Password string // empty: no AUTH
	From               string // the ?from= sender; empty: MAIL_FROM
	// ImplicitTLS (smtps://) speaks TLS from the first byte; otherwise STARTTLS upgrades the
	// connection when the server offers it.
	ImplicitTLS bool
	// StartTLSOptional (?starttls=optional) lets an smtp:// server that offers no STARTTLS
	// receive mail in clear. Without it only a loopback server may.
	StartTLSOptional bool
}

// ParseSMTPURL reads SMTP_URL: smtp://[user:pass@]host[:port][?from=addr&starttls=optional]
// (port 587 by default) or smtps://… (implicit TLS, port 465). Its errors never repeat the URL,
// which may hold a password.
func ParseSMTPURL(raw string) (SMTPConfig, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return SMTPConfig{}, errors.New("not a URL; want smtp://user:pass@host:587?from=shop@example.com or smtps://…")
	}
	cfg := SMTPConfig{Host: u.Hostname(), Port: u.Port()}
	switch u.Scheme {
	case "smtp":
		cfg.Port = cmp.Or(cfg.Port, "587")
	case "smtps":
		cfg.ImplicitTLS, cfg.Port = true, cmp.Or(cfg.Port, "465")
	default:
		return SMTPConfig{}, fmt.Errorf("scheme %q: want smtp or smtps", u.Scheme)
	}
	if cfg.Host == "" || (u.Path != "" && u.Path != "/") {
		return SMTPConfig{}, errors.New("want a host and no path, as in smtp://host:587")
	}
	if u.User != nil {
		cfg.Username = u.User.Username()
		cfg.Password, _ = u.User.Password()
	}
	q := u.Query()
	for name := range q {
		if !slices.Contains([]string{"from", "starttls"}, name) {
			return SMTPConfig{}, fmt.Errorf("unknown parameter %q: want from or starttls", name)
		}
	}
	if from := q.Get("from"); from != "" {
		if _, err := ParseFrom(from); err != nil {
			return SMTPConfig{}, fmt.Errorf("from: %w", err)
		}
		cfg.From = from
	}
	switch q.Get("starttls") {
	case "", "required":
	case "optional":
		if cfg.ImplicitTLS {
			return SMTPConfig{}, errors.New("starttls applies to smtp:// only; smtps:// is always TLS")
		}
		cfg.StartTLSOptional = true
	default:
		return SMTPConfig{}, fmt.Errorf("starttls=%q: want required or optional", q.Get("starttls"))
	}
	return cfg, nil
}

// Addr is host:port for dialling.
func (c SMTPConfig) Addr() string { return net.JoinHostPort(c.Host, c.Port) }

// loopback reports whether the server is on this machine, where mail in clear never crosses a
// network (a local relay, or a test server).
func (c SMTPConfig) loopback() bool {
	if c.Host == "localhost" {
		return true
	}
	ip := net.ParseIP(c.Host)
	return ip != nil && ip.IsLoopback()
}
