package e2e_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestReplicasShareTheKeysKeptInTheDatabase: two gateways on one PostgreSQL database with no key
// configured sign and verify alike (tokens and admin panel cookies), and `gateway keys rotate`
// publishes a new key to both before either signs with it, while tokens under the old one stay
// good.
func TestReplicasShareTheKeysKeptInTheDatabase(t *testing.T) {
	t.Parallel()
	pg, err := url.Parse(postgresServerURL())
	if err != nil {
		t.Fatal(err)
	}
	requireService(t, "PostgreSQL", pg.Host)
	const adminEmail, adminPassword = "keys-admin@example.com", "bootstrap admin passphrase"
	env := []string{
		"DATABASE_URL=" + createDatabase(t, "e2e_keys_"+randomName(t)),
		"JWT_SIGNING_KEY_FILE=", "ADMIN_SESSION_KEYS_FILE=", // nothing configured
		"KEYS_RELOAD_INTERVAL=1s", // a rotation signs 2s after it is made
		"BOOTSTRAP_ADMIN_EMAIL=" + adminEmail, "BOOTSTRAP_ADMIN_PASSWORD=" + adminPassword,
	}
	a := startProcess(t, gatewayBinary(t), freeAddr(t), env...)
	b := startProcess(t, gatewayBinary(t), freeAddr(t), env...)

	apiA, apiB := newClient(t, a.URL), newClient(t, b.URL)
	oldToken := login(t, apiA, adminEmail, adminPassword)
	expect(t, "a token from replica A on replica B", apiB.withToken(oldToken).do(http.MethodGet, "/api/v1/auth/me", nil), http.StatusOK, "")

	panel := &panelSession{t: t}
	if loc := panel.send(a.URL, http.MethodPost, "/admin/login", url.Values{"email": {adminEmail}, "password": {adminPassword}}); loc != "/admin" {
		t.Fatalf("panel login on A led to %q, want /admin", loc)
	}
	if status := panel.status(b.URL, "/admin/users"); status != http.StatusOK {
		t.Fatalf("A's panel cookie on B: status %d, want 200 (not a redirect to the login page)", status)
	}

	oldKID := tokenKID(t, oldToken)
	out, code := runBinary(t, t.TempDir(), env, "keys", "rotate")
	if code != 0 || !strings.Contains(out, "jwt-signing: generation 2 added") || !strings.Contains(out, "admin-session: generation 2 added") {
		t.Fatalf("keys rotate: exit %d, output:\n%s\nwant both purposes' generation 2 added", code, out)
	}
	// Both replicas publish the new key within their reload interval. That it is published
	// before it signs is read from the stored timeline, not from a race against the clock: the
	// unit tests prove it with a manual clock, and this machine may be slow.
	var newKID string
	for _, gw := range []*process{a, b} {
		kids := waitForKIDs(t, gw.URL, 2)
		if !slices.Contains(kids, oldKID) {
			t.Fatalf("JWKS of %s right after the rotation = %v; want the old key %s still there", gw.URL, kids, oldKID)
		}
		newKID = kids[slices.IndexFunc(kids, func(kid string) bool { return kid != oldKID })]
	}
	out, _ = runBinary(t, t.TempDir(), env, "keys", "status")
	for _, purpose := range []string{"jwt-signing", "admin-session"} {
		if lead := signingLead(t, out, purpose, "2"); lead != 2*time.Second {
			t.Errorf("%s generation 2 signs %s after it was made, want 2s (two reload intervals):\n%s", purpose, lead, out)
		}
	}

	deadline := time.Now().Add(30 * time.Second)
	var fresh string
	for time.Now().Before(deadline) {
		if fresh = login(t, apiB, adminEmail, adminPassword); tokenKID(t, fresh) == newKID {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if tokenKID(t, fresh) != newKID {
		t.Fatalf("replica B still signs with %s; want the new key %s after its time", tokenKID(t, fresh), newKID)
	}
	expect(t, "a token under the new key on A", apiA.withToken(fresh).do(http.MethodGet, "/api/v1/auth/me", nil), http.StatusOK, "")
	expect(t, "a token under the old key on A after the switch", apiA.withToken(oldToken).do(http.MethodGet, "/api/v1/auth/me", nil), http.StatusOK, "")
	if status := panel.status(a.URL, "/admin/users"); status != http.StatusOK {
		t.Fatalf("the panel session after the admin keys rotated: status %d, want 200", status)
	}
}

func TestKeysCommandWithoutAuthInProcessSaysWhereToRunIt(t *testing.T) {
	t.Parallel()
	out, code := runBinary(t, t.TempDir(), []string{"AUTH_URL=http://127.0.0.1:1"}, "keys", "rotate")
	if code != 2 || !strings.Contains(out, "auth-service keys rotate") {
		t.Fatalf("exit %d, output %q; want 2 and a pointer to auth-service", code, out)
	}
}

// tokenKID reads the kid header of a JWT without verifying it.
func tokenKID(t *testing.T, token string) string {
	t.Helper()
	header, _, _ := strings.Cut(token, ".")
	raw, err := base64.RawURLEncoding.DecodeString(header)
	var h struct {
		Kid string `json:"kid"`
	}
	if err != nil || json.Unmarshal(raw, &h) != nil {
		t.Fatalf("token header %q is not base64url JSON", header)
	}
	return h.Kid
}

// waitForKIDs polls the JWK Set of base until it lists n keys, and returns their kids in order.
func waitForKIDs(t *testing.T, base string, n int) []string {
	t.Helper()
	api := newClient(t, base)
	var kids []string
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		var set struct {
			Keys []struct {
				Kid string `json:"kid"`
			} `json:"keys"`
		}
		r := api.do(http.MethodGet, "/.well-known/jwks.json", nil)
		r.json(t, &set)
		kids = kids[:0]
		for _, k := range set.Keys {
			kids = append(kids, k.Kid)
		}
		if len(kids) == n {
			return slices.Clone(kids)
		}
	}
	t.Fatalf("JWKS of %s lists %v; want %d keys", base, kids, n)
	return nil
}

// panelSession keeps the admin panel's __Host- cookie by hand (Go's cookie jar, like a browser
// on a non-local host, would not send a Secure cookie over plain http) and sends it to whichever
// replica is asked.
type panelSession struct {
	t      *testing.T
	cookie string
}

// send makes a request (a form post when form is not nil) and returns the redirect target.
func (p *panelSession) send(base, method, path string, form url.Values) string {
	p.t.Helper()
	return p.do(base, method, path, form).Header.Get("Location")
}

func (p *panelSession) status(base, path string) int {
	p.t.Helper()
	return p.do(base, http.MethodGet, path, nil).StatusCode
}

func (p *panelSession) do(base, method, path string, form url.Values) *http.Response {
	p.t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(form.Encode()))
	if err != nil {
		p.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", base)
	}
	if p.cookie != "" {
		req.AddCookie(&http.Cookie{Name: "__Host-admin", Value: p.cookie})
	}
	client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	_ = resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "__Host-admin" {
			p.cookie = c.Value
		}
	}
	return resp
}

// signingLead reads, from the output of `keys status`, how long after it was made the given
// generation of purpose starts signing.
func signingLead(t *testing.T, status, purpose, generation string) time.Duration {
	t.Helper()
	for _, line := range strings.Split(status, "\n") {
		f := strings.Fields(line)
		if len(f) != 5 || f[0] != purpose || f[1] != generation {
			continue
		}
		signsFrom, err1 := time.Parse(time.RFC3339, f[3])
		created, err2 := time.Parse(time.RFC3339, f[4])
		if err1 != nil || err2 != nil {
			t.Fatalf("keys status line %q: times do not parse", line)
		}
		return signsFrom.Sub(created)
	}
	t.Fatalf("keys status has no %s generation %s:\n%s", purpose, generation, status)
	return 0
}
