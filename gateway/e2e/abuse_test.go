package e2e_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestRateLimitsAreOnByDefault: a gateway started without RATE_LIMITS limits password-reset
// requests per client address (20 an hour by default); the 21st, for yet another email, is 429
// with Retry-After.
func TestRateLimitsAreOnByDefault(t *testing.T) {
	t.Parallel()
	gw := startGateway(t, limitsAsDefault)
	api := newClient(t, gw.URL)
	for i := range 20 {
		r := api.do(http.MethodPost, "/api/v1/auth/password-reset", map[string]string{"email": fmt.Sprintf("reset%d@example.com", i)})
		expect(t, fmt.Sprintf("reset request %d", i+1), r, http.StatusAccepted, "")
	}
	r := api.do(http.MethodPost, "/api/v1/auth/password-reset", map[string]string{"email": "one-more@example.com"})
	expect(t, "the 21st reset request", r, http.StatusTooManyRequests, "TOO_MANY_REQUESTS")
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
}

// TestRateLimitsAreSharedAcrossReplicas: two gateway processes on one PostgreSQL database, as
// behind a load balancer; registrations from one address, alternating between them, are
// refused once together they reach the limit, not each.
func TestRateLimitsAreSharedAcrossReplicas(t *testing.T) {
	t.Parallel()
	pg, err := url.Parse(postgresServerURL())
	if err != nil {
		t.Fatal(err)
	}
	requireService(t, "PostgreSQL", pg.Host)
	database := createDatabase(t, "e2e_"+randomName(t)+"_limits")
	const limit, requests = 5, 9
	env := []string{"DATABASE_URL=" + database, "JWT_SIGNING_KEY_FILE=" + t.TempDir() + "/jwt.pem",
		limitsAsDefault, fmt.Sprintf("RATE_LIMIT_REGISTRATIONS=%d/1h", limit), "AUTH_HASH_CONCURRENCY=2"}
	first := startProcess(t, gatewayBinary(t), freeAddr(t), env...)
	second := startProcess(t, gatewayBinary(t), freeAddr(t), env...)
	replicas := []*client{newClient(t, first.URL), newClient(t, second.URL)}

	counts := map[int]int{}
	for i := range requests {
		r := replicas[i%2].do(http.MethodPost, "/api/v1/auth/register", map[string]string{
			"email": fmt.Sprintf("replica%d@example.com", i), "password": "correct horse battery", "full_name": "Ann"})
		counts[r.Status]++
		if i < limit && r.Status != http.StatusCreated {
			t.Fatalf("registration %d (within the limit) on replica %d: %d %s", i+1, i%2, r.Status, r.Body)
		}
		if i >= limit && (r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "") {
			t.Fatalf("registration %d (past the shared limit) on replica %d: %d %s; want 429 with Retry-After", i+1, i%2, r.Status, r.Body)
		}
	}
	t.Logf("answers across both replicas: %v", counts)
}

// TestEdgeAnswers drives the built gateway's HTTP edge: HEAD where GET is, security headers,
// HSTS only over HTTPS through a trusted proxy, and a malformed escape answered as problem+json.
func TestEdgeAnswers(t *testing.T) {
	t.Parallel()
	gw := startGateway(t, "TRUSTED_PROXIES=127.0.0.1/32")
	do := func(method, path string, header map[string]string) *http.Response {
		req, err := http.NewRequest(method, gw.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}

	var wg sync.WaitGroup
	for _, tc := range []struct {
		name, method, path string
		header             map[string]string
		status             int
		cache, hsts        string
	}{
		{"HEAD on the catalogue", http.MethodHead, "/api/v1/products", nil, 200, "", ""},
		{"GET on the catalogue may be cached", http.MethodGet, "/api/v1/products", nil, 200, "", ""},
		{"a personal answer is never stored", http.MethodGet, "/api/v1/auth/me", nil, 401, "no-store", ""},
		{"HSTS over HTTPS via the trusted proxy", http.MethodGet, "/healthz", map[string]string{"X-Forwarded-Proto": "https"}, 200, "", "max-age=63072000"},
		{"no HSTS over plain HTTP", http.MethodGet, "/healthz", nil, 200, "", ""},
	} {
		wg.Go(func() {
			resp := do(tc.method, tc.path, tc.header)
			body, _ := io.ReadAll(resp.Body)
			h := resp.Header
			if resp.StatusCode != tc.status || h.Get("X-Content-Type-Options") != "nosniff" ||
				h.Get("Cache-Control") != tc.cache || h.Get("Strict-Transport-Security") != tc.hsts {
				t.Errorf("%s: %d, nosniff %q, Cache-Control %q, HSTS %q; want %d, nosniff, %q, %q",
					tc.name, resp.StatusCode, h.Get("X-Content-Type-Options"), h.Get("Cache-Control"),
					h.Get("Strict-Transport-Security"), tc.status, tc.cache, tc.hsts)
			}
			if tc.method == http.MethodHead && len(body) != 0 {
				t.Errorf("%s: %d body bytes; want none", tc.name, len(body))
			}
		})
	}
	wg.Wait()

	conn, err := net.DialTimeout("tcp", strings.TrimPrefix(gw.URL, "http://"), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, "GET /api/v1/products/%ZZ HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Content-Type") != "application/problem+json" ||
		!strings.Contains(string(body), `"status":400`) {
		t.Fatalf("malformed escape: %d %q %s; want 400 problem+json", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}
