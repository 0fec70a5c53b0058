package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/modmono/admin/internal/apiclient"
	"github.com/modmono/admin/internal/session"
)

// fakeAPI stands in for the auth routes the panel calls: two accounts, opaque tokens, refresh
// rotation and revocation, like the real API.
type fakeAPI struct {
	mu      sync.Mutex
	n       int
	access  map[string]string // token → email
	refresh map[string]string // live refresh token → email
	keys    []apiclient.Key   // the keys kept in the database, newest first
	rotated []string          // who rotated them, by email
}

var accounts = map[string]apiclient.User{
	"admin@example.com": {ID: "u1", Email: "admin@example.com", Roles: []string{"customer", "admin"}},
	"cust@example.com":  {ID: "u2", Email: "cust@example.com", Roles: []string{"customer"}},
}

func (f *fakeAPI) issue(email string) apiclient.TokenPair {
	f.n++
	p := apiclient.TokenPair{AccessToken: "a" + string(rune('A'+f.n)), RefreshToken: "r" + string(rune('A'+f.n))}
	f.access[p.AccessToken], f.refresh[p.RefreshToken] = email, email
	return p
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var body map[string]string
	_ = json.NewDecoder(r.Body).Decode(&body)
	reply := func(status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
	switch r.URL.Path {
	case "/api/v1/auth/login":
		if body["email"] == "busy@example.com" { // what a flood shed by the hasher answers
			w.Header().Set("Retry-After", "1")
			reply(503, map[string]string{"code": "SERVICE_UNAVAILABLE"})
			return
		}
		if _, ok := accounts[body["email"]]; !ok || body["password"] != "correct horse battery" {
			reply(401, map[string]string{"code": "INVALID_CREDENTIALS"})
			return
		}
		reply(200, f.issue(body["email"]))
	case "/api/v1/auth/refresh":
		email, ok := f.refresh[body["refresh_token"]]
		if !ok {
			reply(401, map[string]string{"code": "INVALID_TOKEN"})
			return
		}
		delete(f.refresh, body["refresh_token"])
		reply(200, f.issue(email))
	case "/api/v1/auth/logout":
		delete(f.refresh, body["refresh_token"])
		w.WriteHeader(http.StatusNoContent)
	case "/api/v1/auth/me":
		email, ok := f.access[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
		if !ok {
			reply(401, map[string]string{"code": "UNAUTHENTICATED"})
			return
		}
		reply(200, accounts[email])
	case "/api/v1/admin/keys", "/api/v1/admin/keys/rotate":
		email, ok := f.access[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
		if !ok || !accounts[email].HasRole("admin") {
			reply(403, map[string]string{"code": "FORBIDDEN"})
			return
		}
		if r.Method == http.MethodPost {
			f.rotated = append(f.rotated, email)
			f.keys = append([]apiclient.Key{{Purpose: "jwt-signing", Generation: len(f.keys) + 1, State: "published"}}, f.keys...)
		}
		reply(200, apiclient.Keys{Keys: f.keys})
	default:
		reply(200, map[string]any{"items": []any{}, "next_cursor": nil})
	}
}

// clock is a manual clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type rig struct {
	t     *testing.T
	e     *echo.Echo
	clock *clock
	api   *fakeAPI
}

func newRig(t *testing.T) *rig {
	t.Helper()
	api := &fakeAPI{access: map[string]string{}, refresh: map[string]string{}}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	clk := &clock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	keys, err := session.ParseKeys(session.GenerateKeys())
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(session.NewManager(keys, clk.now), apiclient.New(func() string { return srv.URL }))
	if err != nil {
		t.Fatal(err)
	}
	p.rot = newRotator(clk.now)
	e := echo.New()
	for _, r := range p.Routes() {
		e.Add(r.Method, r.Path, r.Handler)
	}
	return &rig{t: t, e: e, clock: clk, api: api}
}

// do sends one request; cookie may be empty. Same-origin headers unless headers say otherwise.
func (r *rig) do(method, path, body, cookie string, headers map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "http://admin.test"+path, strings.NewReader(body))
	req.Host = "admin.test"
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if method == http.MethodPost {
		req.Header.Set("Origin", "http://admin.test")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	for k, v := range headers {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: session.CookieName, Value: cookie})
	}
	rec := httptest.NewRecorder()
	r.e.ServeHTTP(rec, req)
	return rec
}

func sessionCookie(rec *httptest.ResponseRecorder) string {
	for _, c := range rec.Result().Cookies() {
		if c.Name == session.CookieName && c.MaxAge >= 0 {
			return c.Value
		}
	}
	return ""
}

// login signs the admin in and returns the cookie.
func (r *rig) login(email string) (string, *httptest.ResponseRecorder) {
	rec := r.do(http.MethodPost, "/admin/login", "email="+email+"&password=correct+horse+battery", "", nil)
	return sessionCookie(rec), rec
}
