package httpserver

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/problem"
)

// rawErrorHeaders is how net/http's server begins the body of the answer it writes itself,
// straight to the connection, when it cannot read a request at all (a malformed escape such as
// %ZZ in the path, a bad request line, no Host, headers too large): no handler ever sees those.
const rawErrorHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"

// ProblemListener makes those answers problem+json like every other error of the API: each
// connection's writes are watched for net/http's one-shot error answer (a single write that
// starts with the status line and has exactly its headers), which is replaced by the same
// status with a problem document and a fresh X-Request-ID. Everything else passes untouched.
func ProblemListener(ln net.Listener) net.Listener { return problemListener{ln} }

type problemListener struct{ net.Listener }

func (l problemListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &problemConn{Conn: c}, nil
}

type problemConn struct{ net.Conn }

func (c *problemConn) Write(p []byte) (int, error) {
	if answer, ok := rewriteRawError(p); ok {
		if _, err := c.Conn.Write(answer); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// CloseWrite keeps net/http's graceful close after an error answer (it half-closes, then
// drains, so the client reads the answer instead of a reset).
func (c *problemConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// ReadFrom keeps sendfile for bodies copied from files: net/http uses it when the connection has
// it, and its own error answers never come this way.
func (c *problemConn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c}, r)
}

func rewriteRawError(p []byte) ([]byte, bool) {
	const prefix = "HTTP/1.1 "
	if !bytes.HasPrefix(p, []byte(prefix)) || len(p) < len(prefix)+3 {
		return nil, false
	}
	if d := p[len(prefix)]; d != '4' && d != '5' {
		return nil, false // a success: spare the search through every answer's headers
	}
	i := bytes.Index(p, []byte(rawErrorHeaders))
	if i < 0 || bytes.IndexByte(p[:i], '\n') >= 0 {
		return nil, false // the headers are not right after the status line: a handler's answer
	}
	status, err := strconv.Atoi(string(p[len(prefix) : len(prefix)+3]))
	if err != nil || status < 400 || status > 599 {
		return nil, false
	}
	detail := "the request could not be read as HTTP: a malformed request line or URL (such as a bad percent escape) or bad headers"
	if _, text, found := strings.Cut(string(p[i+len(rawErrorHeaders):]), ": "); found {
		detail = text // net/http's reason, such as "missing required Host header"
	}
	// The contract's generic 400 code: no request body was even reached, but it is the one code
	// the API names for a request it cannot parse.
	code := errs.CodeMalformedJSON
	requestID := ids.New()
	body, err := json.Marshal(problem.Problem{
		Type: "/problems/malformed-json", Title: http.StatusText(status),
		Status: status, Detail: detail, Code: code, RequestID: requestID,
	})
	if err != nil {
		return nil, false
	}
	var b bytes.Buffer
	b.WriteString(prefix + strconv.Itoa(status) + " " + http.StatusText(status) + "\r\n")
	b.WriteString("Content-Type: " + problem.ContentType + "\r\n")
	b.WriteString(httpx.HeaderRequestID + ": " + requestID + "\r\n")
	b.WriteString("X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n")
	b.WriteString("Content-Length: " + strconv.Itoa(len(body)) + "\r\nConnection: close\r\n\r\n")
	b.Write(body)
	return b.Bytes(), true
}
