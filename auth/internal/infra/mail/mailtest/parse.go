package mailtest

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
)

// Parsed is a message read back with net/mail and mime/multipart, as a mail client would.
type Parsed struct {
	Header  mail.Header
	Subject string // RFC 2047 decoded
	Text    string
	HTML    string
}

// Parse reads a multipart/alternative message of a text and an HTML part, failing the test on
// anything a mail client would stumble on.
func Parse(t testing.TB, raw []byte) Parsed {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("net/mail cannot read the message: %v\n%s", err, raw)
	}
	p := Parsed{Header: m.Header}
	if p.Subject, err = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject")); err != nil {
		t.Fatalf("subject %q: %v", m.Header.Get("Subject"), err)
	}
	mediaType, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/alternative" {
		t.Fatalf("Content-Type %q (%v), want multipart/alternative", m.Header.Get("Content-Type"), err)
	}
	parts := multipart.NewReader(m.Body, params["boundary"])
	for {
		part, err := parts.NextRawPart() // raw: this reads the transfer encoding itself
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("read a part: %v", err)
		}
		if enc := part.Header.Get("Content-Transfer-Encoding"); enc != "quoted-printable" {
			t.Fatalf("part encoding %q, want quoted-printable", enc)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(part))
		if err != nil {
			t.Fatalf("decode a part: %v", err)
		}
		switch ct := part.Header.Get("Content-Type"); {
		case strings.HasPrefix(ct, "text/plain; charset=utf-8"):
			p.Text = strings.ReplaceAll(string(body), "\r\n", "\n")
		case strings.HasPrefix(ct, "text/html; charset=utf-8"):
			p.HTML = strings.ReplaceAll(string(body), "\r\n", "\n")
		default:
			t.Fatalf("unexpected part %q", ct)
		}
	}
	if p.Text == "" || p.HTML == "" {
		t.Fatalf("want a text and an HTML part, got text %q, HTML %q", p.Text, p.HTML)
	}
	return p
}
