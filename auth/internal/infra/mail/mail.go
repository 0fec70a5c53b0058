// Package mail is the auth context's outgoing mail: the Mailer adapters (SMTP, and a sink that
// writes .eml files for development) and the templates the mails are rendered from.
package mail

import (
	"fmt"
	"net/mail"
	"strings"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/platform/clock"
)

// Config selects and configures the adapter.
type Config struct {
	// SMTPURL, when set, sends through that server (see ParseSMTPURL); else mail goes to SinkDir.
	SMTPURL string
	SinkDir string
	// From is the sender of every mail, unless SMTPURL names its own with ?from=.
	From string
}

// New returns the SMTP adapter when cfg.SMTPURL is set, else the development sink, so that a
// fresh checkout sends nothing anywhere and still shows every mail.
func New(cfg Config, clk clock.Clock) (application.Mailer, error) {
	if cfg.SMTPURL == "" {
		return NewSink(cfg.SinkDir, cfg.From, clk)
	}
	smtpCfg, err := ParseSMTPURL(cfg.SMTPURL)
	if err != nil {
		return nil, err
	}
	if smtpCfg.From == "" {
		smtpCfg.From = cfg.From
	}
	return NewSMTP(smtpCfg, clk)
}

// ParseFrom accepts a sender such as "shop@example.com" or "Shop <shop@example.com>".
func ParseFrom(raw string) (*mail.Address, error) {
	addr, err := mail.ParseAddress(raw)
	if err != nil || strings.ContainsAny(raw, "\r\n") {
		return nil, fmt.Errorf("%q is not a mail address such as shop@example.com or \"Shop <shop@example.com>\"", raw)
	}
	return addr, nil
}
