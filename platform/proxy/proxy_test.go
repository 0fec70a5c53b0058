package proxy_test

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/internal/servertest"
	"github.com/modmono/platform/proxy"
)

// backend is a stand-in service that echoes what reached it and answers a problem on /fail.
func backend(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set(httpx.HeaderRequestID, r.Header.Get(httpx.HeaderRequestID))
		// What the service's own edge sets, as the gateway's does.
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Seen-Path", r.URL.RequestURI())
		w.Header().Set("X-Seen-Traceparent", r.Header.Get("Traceparent"))
		w.Header().Set("X-Seen-Body", string(body))
		for _, h := range []string{"X-Forwarded-For", "X-Real-IP", "X-Forwarded-Host", "X-Forwarded-Proto"} {
			w.Header().Set("X-Seen-"+h, strings.Join(r.Header.Values(h), " | "))
		}
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

func forwarded(t testing.TB, cfg httpserver.Config, baseURL string) *servertest.Server {
	t.Helper()
	routes, err := proxy.Forward([]httpx.Route{
		{Method: http.MethodPost, Path: "/api/v1/items/:id", Access: httpx.Public},
	}, "items", baseURL)
	if err != nil {
		t.Fatal(err)
	}
	return servertest.New(t, cfg, routes...)
}

func TestForwardPassesRequestAndAnswerThroughUnchanged(t *testing.T) {
	t.Parallel()
	srv := forwarded(t, httpserver.Config{}, backend(t).URL)
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
			req := servertest.JSONRequest(http.MethodPost, tt.path, `{"a":1}`)
			req.Header.Set(httpx.HeaderRequestID, "req-abc")
			req.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
			rec := srv.Do(req)
			if rec.Code != tt.wantStatus || rec.Body.String() != tt.wantBody {
				t.Fatalf("got %d %s, want %d %s", rec.Code, rec.Body, tt.wantStatus, tt.wantBody)
			}
			if got := rec.Header().Values(httpx.HeaderRequestID); len(got) != 1 || got[0] != "req-abc" {
				t.Errorf("X-Request-ID = %v, want exactly [req-abc] (forwarded and not doubled)", got)
			}
			for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"} {
				if got := rec.Header().Values(h); len(got) != 1 || got[0] != want {
					t.Errorf("%s = %v, want exactly [%s] (not doubled by the service's copy)", h, got, want)
				}
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

// Both edges date their answers; the client must see one Date, not the gateway's and the
// service's.
func TestForwardedAnswersCarryOneDate(t *testing.T) {
	t.Parallel()
	gw := httptest.NewServer(httpserver.New(httpserver.Config{}, forwarded(t, httpserver.Config{}, backend(t).URL).Router).Handler)
	t.Cleanup(gw.Close)
	resp, err := gw.Client().Post(gw.URL+"/api/v1/items/42", "application/json", strings.NewReader(`{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if got := resp.Header.Values("Date"); resp.StatusCode != http.StatusCreated || len(got) != 1 {
		t.Errorf("got %d with Date %v, want 201 with exactly one", resp.StatusCode, got)
	}
}

// The service hears of the client the gateway resolved through its trusted proxies, never of
// forwarding headers a client made up (the class of echo's GO-2026-6875).
func TestForwardTellsTheServiceTheResolvedClientOnly(t *testing.T) {
	t.Parallel()
	srv := forwarded(t, httpserver.Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}, backend(t).URL)
	tests := []struct {
		name        string
		peer        string
		xff, realIP string // what reaches the gateway ("" for none)
		wantXFF     string // the service's X-Forwarded-For; it never receives an X-Real-IP
	}{
		{name: "untrusted peer spoofs X-Real-IP", peer: "203.0.113.9:4000", realIP: "198.51.100.66", wantXFF: "203.0.113.9"},
		{name: "untrusted peer spoofs X-Forwarded-For", peer: "203.0.113.9:4000", xff: "198.51.100.66", wantXFF: "203.0.113.9"},
		{name: "untrusted peer spoofs both", peer: "203.0.113.9:4000", xff: "1.1.1.1, 10.0.0.5", realIP: "198.51.100.66", wantXFF: "203.0.113.9"},
		{name: "no headers: the peer itself", peer: "203.0.113.9:4000", wantXFF: "203.0.113.9"},
		{name: "through a trusted proxy: the client it names, not the proxy", peer: "10.0.0.2:4000", xff: "198.51.100.1", wantXFF: "198.51.100.1"},
		{name: "a chain through trusted proxies, spoofed left part dropped", peer: "10.0.0.2:4000", xff: "1.1.1.1, 198.51.100.1, 10.0.0.5", realIP: "1.1.1.1", wantXFF: "198.51.100.1"},
		{name: "X-Real-IP from a trusted proxy travels as X-Forwarded-For", peer: "10.0.0.2:4000", realIP: "198.51.100.1", wantXFF: "198.51.100.1"},
		{name: "IPv6 client through a trusted proxy", peer: "10.0.0.2:4000", xff: "2001:db8::7", wantXFF: "2001:db8::7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := servertest.JSONRequest(http.MethodPost, "/api/v1/items/1", `{}`)
			req.RemoteAddr = tt.peer
			if tt.xff != "" {
				req.Header.Set("X-Forwarded-For", tt.xff)
			}
			if tt.realIP != "" {
				req.Header.Set("X-Real-IP", tt.realIP)
			}
			rec := srv.Do(req)
			if rec.Code != http.StatusCreated {
				t.Fatalf("got %d %s, want 201 from the service", rec.Code, rec.Body)
			}
			want := map[string]string{
				"X-Forwarded-For":   tt.wantXFF,
				"X-Real-IP":         "",
				"X-Forwarded-Host":  "example.com", // httptest.NewRequest's Host
				"X-Forwarded-Proto": "http",
			}
			for h, w := range want {
				if got := rec.Header().Get("X-Seen-" + h); got != w {
					t.Errorf("service saw %s %q, want %q", h, got, w)
				}
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
	srv := forwarded(t, httpserver.Config{}, down)
	began := time.Now()
	rec := srv.Do(servertest.JSONRequest(http.MethodPost, "/api/v1/items/1", `{}`))
	if rec.Code != http.StatusServiceUnavailable || servertest.DecodeProblem(t, rec).Code != "SERVICE_UNAVAILABLE" || rec.Header().Get("Retry-After") == "" {
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
		if _, err := proxy.Forward(nil, "items", bad); err == nil {
			t.Errorf("Forward(%q) accepted it", bad)
		}
	}
}

// The service hears how much of the deadline is left (less the way back), so it gives up first;
// one that still does not answer in time is a 504 with Retry-After, the contract's code.
func TestForwardCarriesTheDeadlineAndAnswers504WhenTheServiceIsTooSlow(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Seen-Timeout", r.Header.Get(httpx.HeaderTimeout))
		if strings.HasSuffix(r.URL.Path, "/hang") {
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		w.WriteHeader(http.StatusCreated)
	}))
	t.Cleanup(slow.Close)
	t.Cleanup(func() { close(release) }) // before Close, which waits for the hanging handler
	srv := forwarded(t, httpserver.Config{RequestTimeout: 2 * time.Second}, slow.URL)

	req := servertest.JSONRequest(http.MethodPost, "/api/v1/items/1", `{}`)
	req.Header.Set(httpx.HeaderTimeout, "600000") // a client cannot lengthen its deadline
	rec := srv.Do(req)
	budget, ok := httpx.TimeoutFrom(http.Header{httpx.HeaderTimeout: {rec.Header().Get("X-Seen-Timeout")}})
	if rec.Code != http.StatusCreated || !ok || budget > 2*time.Second || budget <= 0 {
		t.Fatalf("status %d, service saw %s %q; want 201 and a budget within the 2s deadline",
			rec.Code, httpx.HeaderTimeout, rec.Header().Get("X-Seen-Timeout"))
	}

	req = servertest.JSONRequest(http.MethodPost, "/api/v1/items/hang", `{}`)
	req.Header.Set(httpx.HeaderTimeout, "300") // nor keep a short one from reaching the service
	rec = srv.Do(req)
	if rec.Code != http.StatusGatewayTimeout || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("hanging service: status %d, Retry-After %q; want 504 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
	if p := servertest.DecodeProblem(t, rec); p.Code != "SERVICE_UNAVAILABLE" {
		t.Errorf("code %q, want SERVICE_UNAVAILABLE", p.Code)
	}
}
