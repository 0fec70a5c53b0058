package openapi_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"
	"github.com/pressly/goose/v3"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/idempotency"
	"github.com/modmono/platform/problem"
)

// The document's statuses for the Idempotency-Key codes come from a table of kinds, since the
// idempotency package keeps its errors unexported: this holds the table to the middleware's
// real answers.
func TestIdempotencyCodesAreDocumentedWithTheMiddlewaresStatuses(t *testing.T) {
	t.Parallel()
	gate, entered := make(chan struct{}), make(chan struct{})
	handler := func(c echo.Context) error {
		var b struct{ Gate bool }
		_ = json.NewDecoder(c.Request().Body).Decode(&b)
		if b.Gate {
			close(entered)
			<-gate
		}
		return c.NoContent(http.StatusCreated)
	}
	store := idempotency.NewStore(idempotencyEngines(t), clock.System{}, idempotency.WithLogger(slog.New(slog.DiscardHandler)))
	route := httpx.Route{Method: http.MethodPost, Path: "/pay", Access: httpx.User, Status: http.StatusCreated,
		Handler: idempotency.Middleware(store, idempotency.Required)(handler), Errors: idempotency.Required.Codes()}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	v := authn.NewVerifier(authn.StaticKeys{"k": pub}, authn.VerifierConfig{Issuer: "i", Audience: "a"}, clock.System{})
	all, err := openapiWithDocs([]httpx.Route{route})
	if err != nil {
		t.Fatal(err)
	}
	e, err := httpserver.NewRouter(httpserver.Config{}, httpserver.Deps{Logger: slog.New(slog.DiscardHandler), Verifier: v}, all)
	if err != nil {
		t.Fatal(err)
	}
	token := sign(t, priv)
	post := func(key *string, body string) (int, string) {
		req := httptest.NewRequest(http.MethodPost, "/pay", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		if key != nil {
			req.Header.Set(idempotency.HeaderKey, *key)
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		var p problem.Problem
		_ = json.Unmarshal(rec.Body.Bytes(), &p)
		return rec.Code, p.Code
	}
	answers := map[string]int{}
	record := func(status int, code string) { answers[code] = status }
	record(post(nil, `{}`))
	record(post(ptr(strings.Repeat("k", idempotency.MaxKeyLength+1)), `{}`))
	post(ptr("used"), `{"n": 1}`)
	record(post(ptr("used"), `{"n": 2}`))
	done := make(chan struct{})
	go func() { post(ptr("busy"), `{"Gate": true}`); close(done) }()
	<-entered
	record(post(ptr("busy"), `{"Gate": true}`))
	close(gate)
	<-done

	op := fetchDocument(t, e).op(t, http.MethodPost, "/pay")
	for _, code := range idempotency.Required.Codes() {
		real, answered := answers[code]
		if !answered {
			t.Errorf("the middleware never answered %s; answers: %v", code, answers)
			continue
		}
		if r := op.Responses[itoa(real)]; !slices.Contains(r.Codes, code) {
			t.Errorf("%s: the middleware answers %d, the document lists it elsewhere", code, real)
		}
	}
}

// idempotencyEngines is a SQLite store with the idempotency table; goose applies the
// repository's files, since the migrations module imports platform.
func idempotencyEngines(t *testing.T) *db.Engines {
	t.Helper()
	e := dbtest.Open(t, db.SQLite, "docs")
	p, err := goose.NewProvider(goose.DialectSQLite3, e.Write.DB(), os.DirFS(filepath.Join("..", "..", "migrations", "idempotency", "sqlite")))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(context.Background()); err != nil {
		t.Fatal(err)
	}
	return e
}

func sign(t *testing.T, priv ed25519.PrivateKey) string {
	t.Helper()
	now := time.Now()
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, jwt.MapClaims{
		"iss": "i", "aud": "a", "sub": "0190a6f1-7c1e-7bbb-8f3a-0123456789ab", "jti": "j", "roles": []string{"customer"},
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
	})
	tok.Header["kid"] = "k"
	s, err := tok.SignedString(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
