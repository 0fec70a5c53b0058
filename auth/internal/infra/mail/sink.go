package mail

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/platform/clock"
)

// Sink is the development Mailer: each message becomes one .eml file in a directory, which any
// mail client opens, so `make run` shows every mail without a mail server.
type Sink struct {
	dir   string
	from  *mail.Address
	clock clock.Clock
}

var _ application.Mailer = (*Sink)(nil)

func NewSink(dir, from string, clk clock.Clock) (*Sink, error) {
	addr, err := ParseFrom(from)
	if err != nil {
		return nil, fmt.Errorf("sender: %w", err)
	}
	if dir == "" || clk == nil {
		return nil, errors.New("mail sink: needs a directory and a clock")
	}
	return &Sink{dir: dir, from: addr, clock: clk}, nil
}

// Send writes the message to a temporary file and renames it into place, so a reader watching
// the directory never sees half a message. Files are private (0600): a reset mail is a
// credential. Names start with the time, so they list in the order they were sent.
func (s *Sink) Send(_ context.Context, m application.Message) error {
	now := s.clock.Now()
	raw, _, id, err := render(s.from, m, now)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return fmt.Errorf("create the mail sink directory: %w", err)
	}
	tmp, err := os.CreateTemp(s.dir, ".mail-*.tmp")
	if err != nil {
		return fmt.Errorf("create a mail file: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(raw); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("write a mail file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("write a mail file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write a mail file: %w", err)
	}
	name := now.UTC().Format("20060102T150405.000000Z") + "-" + id + ".eml"
	if err := os.Rename(tmp.Name(), filepath.Join(s.dir, name)); err != nil {
		return fmt.Errorf("move the mail file into place: %w", err)
	}
	return nil
}
