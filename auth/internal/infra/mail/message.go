package mail

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
	"unicode"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/platform/ids"
)

// render builds m as an RFC 5322 message: multipart/alternative with the text part first (the
// least preferred, as RFC 2046 orders them) and the HTML part last, both UTF-8 in
// quoted-printable so that every line stays short and 7-bit. It returns the message, the
// recipient's bare address (for the envelope) and the unique part of the Message-ID.
func render(from *mail.Address, m application.Message, now time.Time) (raw []byte, to, id string, err error) {
	rcpt, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, "", "", fmt.Errorf("recipient %q is not a mail address: %w", m.To, err)
	}
	// A line break in a header would let a value add headers of its own.
	if strings.ContainsFunc(m.Subject, unicode.IsControl) {
		return nil, "", "", errors.New("the subject holds a control character")
	}
	id = ids.New()
	var b bytes.Buffer
	parts := multipart.NewWriter(&b)
	header := [][2]string{
		{"Date", now.Format(time.RFC1123Z)},
		{"Message-ID", "<" + id + "@" + domainOf(from.Address) + ">"},
		{"From", from.String()},
		{"To", rcpt.String()},
		{"Subject", mime.QEncoding.Encode("utf-8", m.Subject)}, // RFC 2047 only when not ASCII
		{"MIME-Version", "1.0"},
		{"Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": parts.Boundary()})},
	}
	for _, h := range header {
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
	}
	b.WriteString("\r\n")
	for _, p := range []struct{ mediaType, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		if err := writePart(parts, p.mediaType, p.body); err != nil {
			return nil, "", "", err
		}
	}
	if err := parts.Close(); err != nil {
		return nil, "", "", err
	}
	return b.Bytes(), rcpt.Address, id, nil
}

func writePart(parts *multipart.Writer, mediaType, body string) error {
	w, err := parts.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {mediaType + "; charset=utf-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	if err != nil {
		return err
	}
	qp := quotedprintable.NewWriter(w) // also turns bare line feeds into CRLF
	if _, err := qp.Write([]byte(body)); err != nil {
		return err
	}
	return qp.Close()
}

// domainOf is the part after the last @: the Message-ID's right-hand side names the sender's
// domain, as RFC 5322 suggests, so ids stay unique across senders.
func domainOf(address string) string {
	return address[strings.LastIndexByte(address, '@')+1:]
}
