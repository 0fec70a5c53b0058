package httpx_test

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/modmono/platform/httpx"
)

// backend is a stand-in service that echoes what reached it and answers a problem on /fail.
func backend(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set(httpx.HeaderRequestID, r.Header.Get(httpx.HeaderRequestID))
		w.Header().Set("X-Seen-Path", r.URL.RequestURI())
		w.Header().Set("X-Seen-Traceparent", r.Header.Get("Traceparent"))
		w.Header().Set("X-Seen-Body", string(body))
		if r.URL.Path == "/api/v1/items/fail" {
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusConflict)
			_, _ = io.WriteString(w, `{"code":"ITEM_CONFLICT"}`)
			return
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func forwarded(t *testing.T, baseURL string) *testServer {
	t.Helper()
	routes, err := httpx.Forward([]httpx.Route{
		{Method: http.MethodPost, Path: "/api/v1/items/:id", Access: httpx.Public},
	}, "items", baseURL)
	if err != nil {
		t.Fatal(err)
	}
	return newTestServer(t, httpx.ServerConfig{}, routes...)
}

func TestForwardPassesRequestAndAnswerThroughUnchanged(t *testing.T) {
	t.Parallel()
	srv := forwarded(t, backend(t).URL)
	tests := []struct {
		name, path string
		wantStatus int
		wantBody   string
	}{
		{name: "success", path: "/api/v1/items/42?x=1", wantStatus: http.StatusCreated, wantBody: `{"ok":true}`},
		{name: "the service's error problem", path: "/api/v1/items/fail", wantStatus: http.StatusConflict, wantBody: `{"code":"ITEM_CONFLICT"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := jsonRequest(http.MethodPost, tt.path, `{"a":1}`)
			req.Header.Set(httpx.HeaderRequestID, "req-abc")
			req.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
			rec := srv.do(req)
			if rec.Code != tt.wantStatus || rec.Body.String() != tt.wantBody {
				t.Fatalf("got %d %s, want %d %s", rec.Code, rec.Body, tt.wantStatus, tt.wantBody)
			}
			if got := rec.Header().Values(httpx.HeaderRequestID); len(got) != 1 || got[0] != "req-abc" {
				t.Errorf("X-Request-ID = %v, want exactly [req-abc] (forwarded and not doubled)", got)
			}
			if got := rec.Header().Get("X-Seen-Path"); got != tt.path {
				t.Errorf("service saw %q, want %q", got, tt.path)
			}
			if got := rec.Header().Get("X-Seen-Traceparent"); !strings.Contains(got, "4bf92f3577b34da6a3ce929d0e0e4736") {
				t.Errorf("service saw traceparent %q, want the caller's trace id", got)
			}
			if got := rec.Header().Get("X-Seen-Body"); got != `{"a":1}` {
				t.Errorf("service saw body %q", got)
			}
		})
	}
}

func TestForwardToAServiceThatIsDownIsAFast503(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + l.Addr().String()
	l.Close() // nothing listens there now
	srv := forwarded(t, down)
	began := time.Now()
	rec := srv.do(jsonRequest(http.MethodPost, "/api/v1/items/1", `{}`))
	if rec.Code != http.StatusServiceUnavailable || problem(t, rec).Code != "SERVICE_UNAVAILABLE" || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("got %d %s (Retry-After %q), want 503 SERVICE_UNAVAILABLE with Retry-After", rec.Code, rec.Body, rec.Header().Get("Retry-After"))
	}
	// Not a speed target: a refused connection must not wait for the 25 s response timeout.
	if took := time.Since(began); took > 5*time.Second {
		t.Errorf("took %s to answer; a refused connection must not wait for the response timeout", took)
	}
	if strings.Contains(rec.Body.String(), "refused") {
		t.Errorf("503 leaks the transport error: %s", rec.Body)
	}
}

func TestForwardRejectsABadBaseURL(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"", "ftp://x", "not a url", "http://"} {
		if _, err := httpx.Forward(nil, "items", bad); err == nil {
			t.Errorf("Forward(%q) accepted it", bad)
		}
	}
}
