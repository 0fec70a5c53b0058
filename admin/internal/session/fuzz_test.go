package session_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/modmono/admin/internal/session"
)

// FuzzLoad feeds arbitrary cookie values: none may panic, and none but the cookie this manager
// wrote (or a spelling of the same bytes) may yield a session, and then only that session.
func FuzzLoad(f *testing.F) {
	keys, err := session.ParseKeys(session.GenerateKeys())
	if err != nil {
		f.Fatal(err)
	}
	m := session.NewManager(keys, time.Now)
	rec := httptest.NewRecorder()
	orig := m.New("a@example.com", "access", "refresh")
	if err := m.Save(rec, orig); err != nil {
		f.Fatal(err)
	}
	valid := rec.Result().Cookies()[0].Value
	f.Add(valid)
	f.Add(valid[:len(valid)/2])
	f.Add("")
	f.Fuzz(func(t *testing.T, value string) {
		r := httptest.NewRequest(http.MethodGet, "/admin", nil)
		r.AddCookie(&http.Cookie{Name: session.CookieName, Value: value})
		s, err := m.Load(r)
		if err == nil && (s.ID != orig.ID || s.Refresh != orig.Refresh) {
			t.Fatalf("a forged cookie %q gave a session %+v", value, s)
		}
	})
}
