package httpserver_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/problem"
)

func TestProblemListenerAnswersNetHTTPsOwnErrorsAsProblems(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// A handler's own text answer, with the same headers net/http uses, passes untouched.
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("Connection", "close")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, "handler text")
		}),
		ReadHeaderTimeout: 5 * time.Second, MaxHeaderBytes: 4096,
	}
	go func() { _ = srv.Serve(httpserver.ProblemListener(ln)) }()
	t.Cleanup(func() { _ = srv.Close() })

	for _, tc := range []struct {
		name, request string
		wantStatus    int
		wantProblem   bool
	}{
		{"malformed escape in the path", "GET /api/v1/%ZZ HTTP/1.1\r\nHost: x\r\n\r\n", 400, true},
		{"truncated escape", "GET /a%2 HTTP/1.1\r\nHost: x\r\n\r\n", 400, true},
		{"space in the target", "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", 400, true},
		{"no Host", "GET /a HTTP/1.1\r\n\r\n", 400, true},
		{"headers too large", "GET /a HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 8192) + "\r\n\r\n", 431, true},
		{"a handler's answer is left alone", "GET /a HTTP/1.1\r\nHost: x\r\n\r\n", 400, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := net.DialTimeout("tcp", ln.Addr().String(), 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			_ = c.SetDeadline(time.Now().Add(5 * time.Second))
			if _, err := io.WriteString(c, tc.request); err != nil {
				t.Fatal(err)
			}
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.wantStatus {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.wantStatus, body)
			}
			if !tc.wantProblem {
				if string(body) != "handler text" {
					t.Errorf("the handler's answer was changed: %q", body)
				}
				return
			}
			if ct := resp.Header.Get("Content-Type"); ct != problem.ContentType {
				t.Fatalf("Content-Type %q, want %q: %s", ct, problem.ContentType, body)
			}
			var p problem.Problem
			if err := json.Unmarshal(body, &p); err != nil {
				t.Fatalf("body %q: %v", body, err)
			}
			if p.Status != tc.wantStatus || p.Code == "" || p.Detail == "" || p.RequestID == "" || p.RequestID != resp.Header.Get("X-Request-ID") {
				t.Errorf("problem %+v, X-Request-ID %q", p, resp.Header.Get("X-Request-ID"))
			}
		})
	}
}
