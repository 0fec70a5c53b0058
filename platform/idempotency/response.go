package idempotency

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
)

// replayedHeaders are the response headers stored and replayed with the body; the others
// (request id, trace, statement count) describe the request that carries them.
var replayedHeaders = []string{echo.HeaderContentType, echo.HeaderLocation}

// response is an answer as stored for replay.
type response struct {
	status int
	header map[string]string // the replayedHeaders that were set
	body   []byte
}

func (r response) encodeHeaders() (string, error) {
	b, err := json.Marshal(r.header)
	if err != nil {
		return "", fmt.Errorf("encode the headers of an idempotent response: %w", err)
	}
	return string(b), nil
}

func decodeHeaders(s string) (map[string]string, error) {
	var h map[string]string
	if s == "" {
		return h, nil
	}
	if err := json.Unmarshal([]byte(s), &h); err != nil {
		return nil, fmt.Errorf("decode the headers of an idempotent response: %w", err)
	}
	return h, nil
}

// replay answers a stored response again, byte for byte, marked as a replay.
func replay(c echo.Context, r *response) error {
	res := c.Response()
	for name, value := range r.header {
		res.Header().Set(name, value)
	}
	res.Header().Set(HeaderReplayed, "true")
	res.WriteHeader(r.status)
	if len(r.body) == 0 {
		return nil
	}
	_, err := res.Write(r.body)
	return err
}

// recorder is the handler's response writer: it holds the whole answer back, so that the
// answer is stored before the client can see it (and retry), and so that a handler that
// panics half-way leaves nothing written for the error answer to collide with.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

// newRecorder starts from a copy of the headers set so far (request id and the like), which
// send replaces the real ones with.
func newRecorder(h http.Header) *recorder { return &recorder{header: h.Clone()} }

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(b)
}

// Flush does nothing: the answer goes out whole once stored. It exists because echo's
// Response.Flush panics on a writer without it.
func (r *recorder) Flush() {}

// response is what was recorded; a handler that wrote nothing answered net/http's implicit 200.
func (r *recorder) response() response {
	out := response{status: r.status, body: r.body.Bytes()}
	if out.status == 0 {
		out.status = http.StatusOK
	}
	for _, name := range replayedHeaders {
		if v := r.header.Get(name); v != "" {
			if out.header == nil {
				out.header = map[string]string{}
			}
			out.header[name] = v
		}
	}
	return out
}

// send writes the recorded answer to res, the real response, whose Before hooks run now.
func (r *recorder) send(res *echo.Response, resp response) error {
	h := res.Header()
	clear(h)
	for name, values := range r.header {
		h[name] = values
	}
	res.WriteHeader(resp.status)
	if len(resp.body) == 0 {
		return nil
	}
	_, err := res.Write(resp.body)
	return err
}
