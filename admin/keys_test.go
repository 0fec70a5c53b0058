package admin_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// TestPanelRotatesTheKeysKeptInTheDatabase: with no key configured, the panel's Keys page lists
// both purposes' keys, its Rotate button publishes a new generation of each through the API, and
// the session goes on. Only admins reach the API routes behind it.
func TestPanelRotatesTheKeysKeptInTheDatabase(t *testing.T) {
	base := startGatewayWith(t, t.TempDir(), map[string]string{"JWT_SIGNING_KEY_FILE": "", "ADMIN_SESSION_KEYS_FILE": ""})
	p := &panelClient{t: t, base: base}
	if resp := p.send(http.MethodPost, "/admin/login", url.Values{"email": {adminEmail}, "password": {adminPassword}}); resp.Header.Get("Location") != "/admin" {
		t.Fatalf("login led to %q, want /admin", resp.Header.Get("Location"))
	}
	html := p.page("/admin/keys")
	for _, want := range []string{"<td>jwt-signing</td><td>1</td>", "<td>admin-session</td><td>1</td>"} {
		if !strings.Contains(html, want) {
			t.Fatalf("keys page lacks %q:\n%s", want, html)
		}
	}
	m := csrfField.FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no CSRF field on the keys page:\n%s", html)
	}
	if resp := p.send(http.MethodPost, "/admin/keys/rotate", url.Values{"csrf": {m[1]}}); resp.Header.Get("Location") != "/admin/keys?msg=rotated" {
		t.Fatalf("rotate led to %q, want /admin/keys?msg=rotated", resp.Header.Get("Location"))
	}
	html = p.page("/admin/keys")
	for _, want := range []string{"<td>jwt-signing</td><td>2</td><td><span class=\"tag\">published</span>", "<td>admin-session</td><td>2</td><td><span class=\"tag\">published</span>"} {
		if !strings.Contains(html, want) {
			t.Fatalf("keys page after rotating lacks %q:\n%s", want, html)
		}
	}

	a := api{t: t, base: base}
	a.register("not-an-admin@example.com")
	customer := a.login("not-an-admin@example.com", "customer password 123")
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		path := "/api/v1/admin/keys"
		if method == http.MethodPost {
			path += "/rotate"
		}
		req, _ := http.NewRequest(method, base+path, nil)
		req.Header.Set("Authorization", "Bearer "+customer)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s %s as a customer: %d, want 403", method, path, resp.StatusCode)
		}
	}
}
