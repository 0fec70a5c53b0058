package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/infra/mail"
	"github.com/modmono/auth/internal/infra/mail/mailtest"
	"github.com/modmono/auth/internal/infra/passwords"
	"github.com/modmono/auth/internal/infra/store"
	"github.com/modmono/auth/internal/infra/tokens"
	"github.com/modmono/auth/internal/interfaces/httpapi"
	"github.com/modmono/auth/internal/interfaces/subscribers"
	"github.com/modmono/migrations/migrationstest"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/httpx/httpxtest"
	"github.com/modmono/platform/outbox"
)

const (
	goodPassword = "correct horse battery"
	issuer       = "https://auth.test"
	audience     = "modmono-test"
)

// api is the real echo stack (middleware, access checks, problem rendering) serving Routes over
// an Application on a fresh SQLite store; PostgreSQL is covered by the application tests.
type api struct {
	handler http.Handler
	app     *application.Application
	clock   *clock.Manual
	// mailer receives what the mailer subscriber sends: a relay publishes the outbox to it.
	mailer *mailtest.Recorder
}

func newAPI(t testing.TB) *api {
	t.Helper()
	hasher, err := passwords.NewArgon2(passwords.TestParams(), 4)
	if err != nil {
		t.Fatal(err)
	}
	return newAPIWith(t, hasher)
}

// newAPIWith is newAPI with the hasher given.
func newAPIWith(t testing.TB, hasher application.PasswordHasher) *api {
	t.Helper()
	engines := migrationstest.Open(t, db.SQLite, "auth")
	ring, err := tokens.LoadKeyRing(tokens.KeyConfig{KeyFile: t.TempDir() + "/signing.pem"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := application.DefaultConfig()
	signer, err := tokens.NewSigner(ring, issuer, audience, cfg.AccessTTL)
	if err != nil {
		t.Fatal(err)
	}
	// One manual clock for issuing and verifying, so a test can expire a token by advancing it.
	clk := clock.NewManual(time.Now())
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	broker := &outbox.LocalBroker{}
	// The relay keeps real time, so that retries fall due while the test's clock stands still.
	relay, err := outbox.NewRelay(outbox.RelayConfig{Name: "auth", Engines: engines, Publisher: broker, Logger: logger}, nil)
	if err != nil {
		t.Fatal(err)
	}
	mailer := &mailtest.Recorder{}
	app, err := application.New(application.Deps{
		UnitOfWork: store.NewUnitOfWork(engines, relay.Notify), UserReadModel: store.NewUserReadModel(engines),
		ResetTokenFinder: store.NewPasswordResetTokenFinder(engines),
		PasswordHasher:   hasher, AccessTokenIssuer: signer, Mailer: mailer, MailComposer: mail.Composer{},
		Clock: clk, Bus: bus.New(), Config: cfg,
	})
	if err != nil {
		t.Fatal(err)
	}
	subscribers.Register(broker, app)
	if err := relay.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = relay.Stop(context.Background()) })
	verifier := authn.NewVerifier(ring, authn.VerifierConfig{Issuer: issuer, Audience: audience}, clk)
	e, err := httpserver.NewRouter(httpserver.Config{}, httpserver.Deps{Logger: logger, Verifier: verifier}, httpapi.Routes(app, httpapi.Limits{}))
	if err != nil {
		t.Fatal(err)
	}
	return &api{handler: e, app: app, clock: clk, mailer: mailer}
}

// call sends body as JSON ("" sends none) with the bearer token ("" sends none).
func (a *api) call(method, path, token, body string) *httptest.ResponseRecorder {
	return a.send(method, path, token, "application/json", body)
}

func (a *api) send(method, path, token, contentType, body string) *httptest.ResponseRecorder {
	var r *http.Request
	if body == "" {
		r = httptest.NewRequest(method, path, nil)
	} else {
		r = httptest.NewRequest(method, path, strings.NewReader(body))
		r.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	a.handler.ServeHTTP(w, r)
	return w
}

// register makes a customer over HTTP and returns its id.
func (a *api) register(t testing.TB, email string) string {
	t.Helper()
	w := a.call("POST", "/api/v1/auth/register", "", `{"email":"`+email+`","password":"`+goodPassword+`","full_name":"Test User"}`)
	want(t, w, http.StatusCreated, "")
	return decode[application.UserView](t, w).ID
}

func (a *api) login(t testing.TB, email, password string) application.TokenPair {
	t.Helper()
	w := a.call("POST", "/api/v1/auth/login", "", `{"email":"`+email+`","password":"`+password+`"}`)
	want(t, w, http.StatusOK, "")
	return decode[application.TokenPair](t, w)
}

// customer registers and signs in a customer: its id and access token.
func (a *api) customer(t testing.TB, email string) (string, string) {
	t.Helper()
	id := a.register(t, email)
	return id, a.login(t, email, goodPassword).AccessToken
}

// admin bootstraps an admin and signs it in: its access token.
func (a *api) admin(t testing.TB) string {
	t.Helper()
	in := application.EnsureAdmin{Email: "root@example.com", Password: goodPassword}
	if _, err := a.app.Commands.EnsureAdmin.Handle(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	return a.login(t, "root@example.com", goodPassword).AccessToken
}

// The platform's shared assertions, under the names these tests use.
type problem = httpxtest.Problem

func want(t testing.TB, w *httptest.ResponseRecorder, status int, code string) problem {
	t.Helper()
	return httpxtest.Want(t, w, status, code)
}

// wantField checks a 422 VALIDATION_FAILED names field with code among its errors.
func wantField(t testing.TB, w *httptest.ResponseRecorder, field, code string) {
	t.Helper()
	httpxtest.WantField(t, w, errs.CodeValidationFailed, field, code)
}

func decode[T any](t testing.TB, w *httptest.ResponseRecorder) T {
	t.Helper()
	return httpxtest.Decode[T](t, w)
}

// keys lists the members of a JSON object body, to check a response's exact shape.
func keys(t testing.TB, w *httptest.ResponseRecorder) map[string]bool {
	t.Helper()
	m := decode[map[string]json.RawMessage](t, w)
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}
