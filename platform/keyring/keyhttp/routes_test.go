package keyhttp_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/keyring"
	"github.com/modmono/platform/keyring/keyhttp"
)

func TestRoutesListAndRotateWithoutSecrets(t *testing.T) {
	t.Parallel()
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			clk := clock.NewManual(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
			store := keyring.NewStore(dbtest.OpenMigrated(t, dialect, "auth", "keys"), clk)
			if _, err := store.Ensure(context.Background(), keyring.JWTSigning, nil); err != nil {
				t.Fatal(err)
			}
			routes := map[string]httpx.Route{}
			for _, r := range keyhttp.Routes(store, time.Minute, slog.New(slog.NewTextHandler(io.Discard, nil))) {
				if r.Access != httpx.Admin {
					t.Fatalf("%s %s is not admin-only", r.Method, r.Path)
				}
				routes[r.Method] = r
			}
			steps := []struct {
				method    string
				wantState []string // of jwt-signing generations, newest first
			}{
				{http.MethodGet, []string{"signing"}},
				{http.MethodPost, []string{"published", "signing"}},
				{http.MethodPost, []string{"published", "signing"}}, // the pending key, not another
			}
			for i, s := range steps {
				route := routes[s.method]
				rec := httptest.NewRecorder()
				if err := route.Handler(echo.New().NewContext(httptest.NewRequest(s.method, route.Path, nil), rec)); err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
				if rec.Code != route.Status {
					t.Fatalf("step %d: status %d, want %d", i, rec.Code, route.Status)
				}
				var got struct {
					Keys []map[string]any `json:"keys"`
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
					t.Fatal(err)
				}
				if len(got.Keys) != len(s.wantState) {
					t.Fatalf("step %d: keys %s; want %d", i, rec.Body, len(s.wantState))
				}
				for j, k := range got.Keys {
					if k["state"] != s.wantState[j] || k["purpose"] != "jwt-signing" {
						t.Fatalf("step %d: keys %s; want states %v", i, rec.Body, s.wantState)
					}
					if _, leaked := k["secret"]; leaked {
						t.Fatalf("step %d: a secret in the answer: %s", i, rec.Body)
					}
				}
			}
		})
	}
}
