package mail_test

import (
	"context"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/modmono/auth/internal/application"
	authmail "github.com/modmono/auth/internal/infra/mail"
	"github.com/modmono/auth/internal/infra/mail/mailtest"
	"github.com/modmono/platform/clock"
)

var t0 = time.Date(2030, 1, 2, 3, 4, 5, 123456000, time.UTC)

func message(to, subject string) application.Message {
	return application.Message{To: to, Subject: subject, Text: "Hello,\nline two\n", HTML: "<p>Hello</p>"}
}

func TestSinkWritesOneParseableFilePerMessageInTimeOrder(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "var", "mail") // created on first use
	clk := clock.NewManual(t0)
	sink, err := authmail.NewSink(dir, "Shop <shop@example.com>", clk)
	if err != nil {
		t.Fatal(err)
	}
	subjects := []string{"First", "Grüße aus Köln", "Third"}
	for _, s := range subjects {
		if err := sink.Send(context.Background(), message("ada@example.com", s)); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Second)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(subjects) {
		t.Fatalf("%d files, want %d (and no temporary ones): %v", len(entries), len(subjects), entries)
	}
	ids := map[string]bool{}
	for i, e := range entries { // ReadDir sorts by name, so by time
		if !strings.HasPrefix(e.Name(), t0.Add(time.Duration(i)*time.Second).Format("20060102T150405")) || filepath.Ext(e.Name()) != ".eml" {
			t.Fatalf("file %q: want the send time first and .eml last", e.Name())
		}
		if info, _ := e.Info(); info.Mode().Perm() != 0o600 {
			t.Errorf("file %s has mode %v, want 0600: a reset mail is a credential", e.Name(), info.Mode().Perm())
		}
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		p := mailtest.Parse(t, raw)
		if p.Subject != subjects[i] {
			t.Errorf("subject %q, want %q", p.Subject, subjects[i])
		}
		if p.Text != "Hello,\nline two\n" || p.HTML != "<p>Hello</p>" {
			t.Errorf("parts %q, %q", p.Text, p.HTML)
		}
		wantHeaders(t, p.Header, t0.Add(time.Duration(i)*time.Second))
		ids[p.Header.Get("Message-ID")] = true
	}
	if len(ids) != len(subjects) {
		t.Errorf("Message-IDs are not unique: %v", ids)
	}
}

// wantHeaders checks the headers RFC 5322 requires or every client expects.
func wantHeaders(t *testing.T, h mail.Header, sent time.Time) {
	t.Helper()
	if date, err := h.Date(); err != nil || !date.Equal(sent.Truncate(time.Second)) {
		t.Errorf("Date %q (%v), want %v", h.Get("Date"), err, sent)
	}
	from, err := h.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Address != "shop@example.com" || from[0].Name != "Shop" {
		t.Errorf("From %q (%v)", h.Get("From"), err)
	}
	to, err := h.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != "ada@example.com" {
		t.Errorf("To %q (%v)", h.Get("To"), err)
	}
	if id := h.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@example.com>") {
		t.Errorf("Message-ID %q, want <unique@example.com>", id)
	}
	if h.Get("MIME-Version") != "1.0" {
		t.Errorf("MIME-Version %q", h.Get("MIME-Version"))
	}
}

func TestNonASCIISubjectIsEncodedAndASCIIIsNot(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sink, err := authmail.NewSink(dir, "shop@example.com", clock.NewManual(t0))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Plain subject", "Grüße"} {
		if err := sink.Send(context.Background(), message("ada@example.com", s)); err != nil {
			t.Fatal(err)
		}
	}
	var headers []string
	for _, name := range readNames(t, dir) {
		raw, _ := os.ReadFile(filepath.Join(dir, name))
		m, err := mail.ReadMessage(strings.NewReader(string(raw)))
		if err != nil {
			t.Fatal(err)
		}
		headers = append(headers, m.Header.Get("Subject"))
	}
	slices.Sort(headers)
	if !slices.Equal(headers, []string{"=?utf-8?q?Gr=C3=BC=C3=9Fe?=", "Plain subject"}) {
		t.Fatalf("Subject headers %q", headers)
	}
}

func TestRenderRefusesWhatWouldCorruptTheHeaders(t *testing.T) {
	t.Parallel()
	sink, err := authmail.NewSink(t.TempDir(), "shop@example.com", clock.NewManual(t0))
	if err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]application.Message{
		"no recipient":          message("", "s"),
		"not an address":        message("not an address", "s"),
		"two recipients":        message("a@example.com, b@example.com", "s"),
		"line break in subject": message("a@example.com", "hi\r\nBcc: victim@example.com"),
	} {
		if err := sink.Send(context.Background(), m); err == nil {
			t.Errorf("%s: sent", name)
		}
	}
}

func TestNewRefusesABadSender(t *testing.T) {
	t.Parallel()
	for _, from := range []string{"", "not an address", "a@example.com\r\nBcc: x@example.com"} {
		if _, err := authmail.New(authmail.Config{SinkDir: t.TempDir(), From: from}, clock.System{}); err == nil {
			t.Errorf("sender %q accepted", from)
		}
	}
}

func readNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
