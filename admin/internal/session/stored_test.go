package session_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/modmono/admin/internal/session"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/keyring"
)

// A cookie written before a rotation opens on every replica until the old key's lifetime after
// the switch; one written after it is under the new key.
func TestStoredKeysRotateWithoutLoggingAnyoneOut(t *testing.T) {
	t.Parallel()
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			clk := clock.NewManual(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
			engines := dbtest.OpenMigrated(t, dialect, "auth", "keys")
			// A lifetime under IdleTimeout, so that only the key's retirement can refuse the cookie.
			const lifetime, publish = 10 * time.Minute, time.Minute
			replica := func() (*keyring.Keeper, *session.Manager) {
				k, err := keyring.NewKeeper(ctx, keyring.NewStore(engines, clk), keyring.KeeperConfig{Purpose: keyring.AdminSession, Clock: clk})
				if err != nil {
					t.Fatal(err)
				}
				return k, session.NewStoredManager(k, lifetime, clk.Now)
			}
			ka, a := replica()
			kb, b := replica()
			old := cookie(t, a)
			if _, err := ka.Rotate(ctx, publish); err != nil {
				t.Fatal(err)
			}
			if err := kb.Reload(ctx); err != nil {
				t.Fatal(err)
			}
			clk.Advance(publish)
			fresh := cookie(t, b)
			steps := []struct {
				name   string
				cookie string
				after  time.Duration
				want   bool
			}{
				{"a cookie under the new key, on the other replica", fresh, 0, true},
				{"a cookie under the old key, after the switch", old, 0, true},
				{"a cookie under the old key, past its key's lifetime", old, lifetime, false},
			}
			for _, s := range steps {
				clk.Advance(s.after)
				r := httptest.NewRequest(http.MethodGet, "/admin", nil)
				r.AddCookie(&http.Cookie{Name: session.CookieName, Value: s.cookie})
				if _, err := a.Load(r); (err == nil) != s.want {
					t.Fatalf("%s: Load error %v; want opened = %v", s.name, err, s.want)
				}
			}
		})
	}
}

func cookie(t *testing.T, m *session.Manager) string {
	t.Helper()
	rec := httptest.NewRecorder()
	if err := m.Save(rec, m.New("a@example.com", "access", "refresh")); err != nil {
		t.Fatal(err)
	}
	return rec.Result().Cookies()[0].Value
}
