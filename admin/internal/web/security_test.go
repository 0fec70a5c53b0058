package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// page loads path with cookie and returns the answer and the renewed cookie.
func (r *rig) page(path, cookie string) (int, string, string) {
	rec := r.do(http.MethodGet, path, "", cookie, nil)
	next := sessionCookie(rec)
	if next == "" {
		next = cookie
	}
	return rec.Code, rec.Body.String(), next
}

func csrfOf(t *testing.T, html string) string {
	t.Helper()
	m := csrfRE.FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no CSRF field in page:\n%s", html)
	}
	return m[1]
}

func TestLoginSetsAHardenedCookieAndPagesCarrySecurityHeaders(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	cookie, rec := r.login("admin@example.com")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin" || cookie == "" {
		t.Fatalf("login: got %d to %q (cookie %t), want 303 to /admin with a cookie", rec.Code, rec.Header().Get("Location"), cookie != "")
	}
	c := rec.Result().Cookies()[0]
	if c.Name != "__Host-admin" || !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" {
		t.Fatalf("cookie attributes: got %+v", c)
	}
	page := r.do(http.MethodGet, "/admin", "", cookie, nil)
	if page.Code != http.StatusOK {
		t.Fatalf("dashboard: got %d, want 200", page.Code)
	}
	for h, want := range map[string]string{
		"Content-Security-Policy": "default-src 'self'; script-src 'none'; frame-ancestors 'none'; form-action 'self'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "same-origin",
	} {
		if got := page.Header().Get(h); !strings.HasPrefix(got, want) {
			t.Errorf("%s: got %q, want %q", h, got, want)
		}
	}
}

func TestRefusedSessions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		cookie func(r *rig) string
	}{
		{"no cookie", func(*rig) string { return "" }},
		{"tampered cookie", func(r *rig) string {
			c, _ := r.login("admin@example.com")
			b := []byte(c)
			b[len(b)/2] ^= 1
			return string(b)
		}},
		{"idle for over 30 minutes", func(r *rig) string {
			c, _ := r.login("admin@example.com")
			r.clock.add(31 * time.Minute)
			return c
		}},
		{"older than 12 hours though never idle", func(r *rig) string {
			c, _ := r.login("admin@example.com")
			for range 12 * 3 {
				r.clock.add(20 * time.Minute)
				code, _, next := r.page("/admin/events", c)
				if code != http.StatusOK {
					r.t.Fatalf("page within limits: got %d", code)
				}
				c = next
			}
			r.clock.add(time.Minute)
			return c
		}},
		{"replayed after logout", func(r *rig) string {
			c, _ := r.login("admin@example.com")
			_, html, c := r.page("/admin/events", c)
			rec := r.do(http.MethodPost, "/admin/logout", "csrf="+csrfOf(r.t, html), c, nil)
			if rec.Code != http.StatusSeeOther {
				r.t.Fatalf("logout: got %d", rec.Code)
			}
			return c
		}},
		{"login cookie replayed after logout, once its grace is over", func(r *rig) string {
			first, _ := r.login("admin@example.com")
			_, html, c := r.page("/admin/events", first)
			r.do(http.MethodPost, "/admin/logout", "csrf="+csrfOf(r.t, html), c, nil)
			r.clock.add(time.Minute)
			return first
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t)
			cookie := tt.cookie(r)
			rec := r.do(http.MethodGet, "/admin/users", "", cookie, nil)
			if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin/login" {
				t.Fatalf("got %d to %q, want 303 to /admin/login", rec.Code, rec.Header().Get("Location"))
			}
		})
	}
}

func TestCrossSitePostsAreRefused(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	cookie, _ := r.login("admin@example.com")
	_, html, cookie := r.page("/admin/users", cookie)
	token := csrfOf(t, html)
	other, _ := r.login("admin@example.com")
	_, otherHTML, _ := r.page("/admin/users", other)
	foreign := csrfOf(t, otherHTML)

	tests := []struct {
		name    string
		body    string
		headers map[string]string
	}{
		{"no CSRF token", "op=disable", nil},
		{"another session's CSRF token", "op=disable&csrf=" + foreign, nil},
		{"foreign Origin", "op=disable&csrf=" + token, map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": ""}},
		{"cross-site fetch metadata", "op=disable&csrf=" + token, map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": ""}},
		{"cross-site login", "email=admin@example.com&password=correct+horse+battery", map[string]string{"Origin": "https://evil.example"}},
	}
	for _, tt := range tests {
		path := "/admin/users/u2"
		if strings.HasPrefix(tt.name, "cross-site login") {
			path = "/admin/login"
		}
		rec := r.do(http.MethodPost, path, tt.body, cookie, tt.headers)
		if rec.Code != http.StatusForbidden {
			t.Errorf("%s: got %d, want 403", tt.name, rec.Code)
		}
	}
	if rec := r.do(http.MethodPost, "/admin/users/u2", "op=disable&csrf="+token, cookie, nil); rec.Code != http.StatusSeeOther {
		t.Errorf("same-origin POST with the right token: got %d, want 303", rec.Code)
	}
	if rec := r.do(http.MethodGet, "/admin/logout", "", cookie, nil); rec.Code == http.StatusOK || rec.Code == http.StatusSeeOther {
		t.Errorf("GET /admin/logout: got %d, want no such route", rec.Code)
	}
}

// TestEveryActionNeedsTheCSRFToken walks the panel's routes, so that a new action cannot be
// added without the check: each POST but the login (which has no session yet) is refused
// without the session's token, before its handler runs.
func TestEveryActionNeedsTheCSRFToken(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	cookie, _ := r.login("admin@example.com")
	p, err := New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, route := range p.Routes() {
		if route.Method != http.MethodPost || route.Path == "/admin/login" {
			continue
		}
		seen++
		path := strings.NewReplacer(":context", "orders", ":id", "0192f5e4-6a1b-7c3d-8e9f-0a1b2c3d4e5f").Replace(route.Path)
		if rec := r.do(http.MethodPost, path, "op=disable&amount=100", cookie, nil); rec.Code != http.StatusForbidden {
			t.Errorf("POST %s without the CSRF token: got %d, want 403", route.Path, rec.Code)
		}
	}
	if seen < 6 {
		t.Fatalf("only %d actions found: has the routes' shape changed?", seen)
	}
}

// TestABusyShopSaysSoAtSignIn: a sign-in the API sheds (503) is not reported as a wrong password.
func TestABusyShopSaysSoAtSignIn(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	cookie, rec := r.login("busy@example.com")
	if cookie != "" || rec.Header().Get("Location") != "/admin/login?err=SERVICE_UNAVAILABLE" {
		t.Fatalf("got cookie %t, redirect %q; want no cookie and the busy notice", cookie != "", rec.Header().Get("Location"))
	}
	if notice("SERVICE_UNAVAILABLE") == "" {
		t.Fatal("no notice for SERVICE_UNAVAILABLE")
	}
}

func TestANonAdminCannotSignIn(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	cookie, rec := r.login("cust@example.com")
	if cookie != "" || rec.Header().Get("Location") != "/admin/login?err=NOT_ADMIN" {
		t.Fatalf("got cookie %t, redirect %q; want no cookie and a redirect to the login page", cookie != "", rec.Header().Get("Location"))
	}
	if len(r.api.refresh) != 0 {
		t.Fatalf("the customer's refresh token was left live: %v", r.api.refresh)
	}
	_, rec = r.login("admin@example.com")
	if bad := r.do(http.MethodPost, "/admin/login", "email=admin@example.com&password=wrong", "", nil); sessionCookie(bad) != "" {
		t.Fatalf("a wrong password got a cookie")
	}
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("admin login: got %d", rec.Code)
	}
}
