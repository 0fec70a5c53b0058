package idempotency_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/idempotency"
)

const (
	issuer   = "https://auth.test"
	audience = "modmono-api"
	alice    = "0190a6f1-7c1e-7bbb-8f3a-0123456789ab"
	bob      = "0190a6f1-7c1e-7bbb-8f3a-ba9876543210"
	lease    = time.Minute
)

var start = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// fixture is one context's store behind one or more server instances, as in production.
type fixture struct {
	t         *testing.T
	dialect   db.Dialect
	engines   *db.Engines
	clk       *clock.Manual // the store's; the token verifier keeps its own, fixed clock
	priv      ed25519.PrivateKey
	verifier  *authn.Verifier
	handlers  *handlers
	instances []*echo.Echo
}

// eachDialect runs test against SQLite and PostgreSQL, in parallel.
func eachDialect(t *testing.T, test func(t *testing.T, f *fixture)) {
	t.Helper()
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			test(t, newFixture(t, d))
		})
	}
}

func newFixture(t *testing.T, dialect db.Dialect) *fixture {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{
		t: t, dialect: dialect, clk: clock.NewManual(start), priv: priv, handlers: newHandlers(),
		engines: openStore(t, dialect),
		verifier: authn.NewVerifier(authn.StaticKeys{"k1": pub},
			authn.VerifierConfig{Issuer: issuer, Audience: audience}, clock.NewManual(start)),
	}
	f.addInstance(f.engines)
	return f
}

// openStore opens a fresh store with the idempotency table.
func openStore(t *testing.T, dialect db.Dialect) *db.Engines {
	t.Helper()
	return dbtest.OpenMigrated(t, dialect, "things", "idempotency")
}

// addInstance starts another server, with its own Store, on engines.
func (f *fixture) addInstance(engines *db.Engines) *echo.Echo {
	f.t.Helper()
	return f.addInstanceWithLease(engines, lease)
}

// addInstanceWithLease starts another server whose Store claims keys for d.
func (f *fixture) addInstanceWithLease(engines *db.Engines, d time.Duration) *echo.Echo {
	f.t.Helper()
	store := idempotency.NewStore(engines, f.clk, idempotency.WithLease(d),
		idempotency.WithLogger(slog.New(slog.DiscardHandler)))
	e, err := httpserver.NewRouter(httpserver.Config{}, httpserver.Deps{Logger: slog.New(slog.DiscardHandler), Verifier: f.verifier},
		f.handlers.routes(store))
	if err != nil {
		f.t.Fatalf("httpserver.NewRouter: %v", err)
	}
	f.instances = append(f.instances, e)
	return e
}

func (f *fixture) store() *idempotency.Store { return idempotency.NewStore(f.engines, f.clk) }

func (f *fixture) token(user string) string {
	f.t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, jwt.MapClaims{
		"iss": issuer, "aud": audience, "sub": user, "jti": "j-" + user, "roles": []string{"customer"},
		"iat": start.Unix(), "exp": start.Add(15 * time.Minute).Unix(),
	})
	tok.Header["kid"] = "k1"
	s, err := tok.SignedString(f.priv)
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

// call is one request; a nil keys sends no Idempotency-Key header, each value one header line.
type call struct {
	path, body string
	user       string // default alice
	keys       []string
}

func withKey(path, key, body string) call { return call{path: path, body: body, keys: []string{key}} }

func (f *fixture) do(c call) *httptest.ResponseRecorder { return f.doOn(f.instances[0], c) }

func (f *fixture) doOn(e *echo.Echo, c call) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, c.path, strings.NewReader(c.body))
	req.Header.Set("Content-Type", "application/json")
	user := c.user
	if user == "" {
		user = alice
	}
	req.Header.Set("Authorization", "Bearer "+f.token(user))
	for _, k := range c.keys {
		req.Header.Add(idempotency.HeaderKey, k)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

// openAgain opens a second, independent handle on e's store, as another process would.
func openAgain(t *testing.T, e *db.Engines) *db.Engines {
	t.Helper()
	ctx := context.Background()
	cfg := db.Config{Context: "things", MaxConns: 4}
	if e.Write.Dialect() == db.Postgres {
		cfg.URL = dbtest.PostgresURL()
		if err := e.Write.QueryRowContext(ctx, "SELECT current_schema()").Scan(&cfg.Schema); err != nil {
			t.Fatalf("find the schema: %v", err)
		}
	} else {
		var file string
		if err := e.Write.QueryRowContext(ctx, "SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file); err != nil {
			t.Fatalf("find the SQLite file: %v", err)
		}
		// db.Open derives "x.<context>.db" from "x.db".
		cfg.URL = "sqlite:" + strings.TrimSuffix(file, ".things.db") + ".db"
	}
	again, err := db.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open the store again: %v", err)
	}
	t.Cleanup(func() { _ = again.Close() })
	return again
}
