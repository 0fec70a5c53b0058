package admin_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// panelClient is a browser stand-in that keeps the __Host- cookie by hand: Go's cookie jar, like
// a browser on a non-local host, would not send a Secure cookie over plain http.
type panelClient struct {
	t      *testing.T
	base   string
	cookie string
}

// send posts form as an HTML form does (nil: no body).
func (p *panelClient) send(method, path string, form url.Values) *http.Response {
	p.t.Helper()
	req, err := http.NewRequest(method, p.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		p.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", p.base)
	}
	if p.cookie != "" {
		req.AddCookie(&http.Cookie{Name: "__Host-admin", Value: p.cookie})
	}
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
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

// page returns the body of a GET that must answer 200 (not a redirect to the login page).
func (p *panelClient) page(path string) string {
	p.t.Helper()
	req, err := http.NewRequest(http.MethodGet, p.base+path, nil)
	if err != nil {
		p.t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: "__Host-admin", Value: p.cookie})
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		p.t.Fatalf("GET %s: %d to %q, want 200", path, resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, c := range resp.Cookies() {
		if c.Name == "__Host-admin" {
			p.cookie = c.Value
		}
	}
	return string(body)
}

func (p *panelClient) signedIn() bool {
	p.t.Helper()
	resp := p.send(http.MethodGet, "/admin/users", nil)
	return resp.StatusCode == http.StatusOK
}

// TestAccountChangesEndPanelSessionsAtOnce: disabling an admin, or their changing the password,
// ends their panel session at the next page load, not when the access token expires.
func TestAccountChangesEndPanelSessionsAtOnce(t *testing.T) {
	base, _ := startGateway(t)
	a := api{t: t, base: base}
	root := a.login(adminEmail, adminPassword)
	const password = "customer password 123"

	tests := []struct {
		email  string
		change func(id, token string)
	}{
		{"disabled@example.com", func(id, _ string) {
			a.call(http.MethodPatch, "/api/v1/users/"+id, root, "", map[string]any{"disabled": true}, nil)
		}},
		{"rekeyed@example.com", func(_, token string) {
			a.call(http.MethodPost, "/api/v1/auth/password", token, "",
				map[string]string{"current_password": password, "new_password": "another password 456"}, nil)
		}},
		{"demoted@example.com", func(id, _ string) {
			a.call(http.MethodPatch, "/api/v1/users/"+id, root, "", map[string]any{"roles": []string{"customer"}}, nil)
		}},
	}
	for _, tt := range tests {
		id := a.register(tt.email)
		a.call(http.MethodPatch, "/api/v1/users/"+id, root, "", map[string]any{"roles": []string{"customer", "admin"}}, nil)
		p := &panelClient{t: t, base: base}
		if resp := p.send(http.MethodPost, "/admin/login", url.Values{"email": {tt.email}, "password": {password}}); resp.Header.Get("Location") != "/admin" {
			t.Fatalf("%s: login led to %q, want /admin", tt.email, resp.Header.Get("Location"))
		}
		if !p.signedIn() {
			t.Fatalf("%s: not signed in after login", tt.email)
		}
		tt.change(id, a.login(tt.email, password))
		if p.signedIn() {
			t.Errorf("%s: the panel session outlived the change", tt.email)
		}
	}
}
