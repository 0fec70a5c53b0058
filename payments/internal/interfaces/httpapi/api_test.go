package httpapi_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/modmono/migrations/migrationstest"
	"github.com/modmono/orders/contract/orderstest"
	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/infra/processor"
	"github.com/modmono/payments/internal/infra/store"
	"github.com/modmono/payments/internal/interfaces/httpapi"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/authn/authntest"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/httpx/httpxtest"
	"github.com/modmono/platform/idempotency"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
)

// api is the real echo stack (middleware, access checks, idempotency, problem rendering)
// serving Routes over an Application on a fresh SQLite store; PostgreSQL is covered by the
// application tests. Tokens are signed here, as the auth context would sign them.
type api struct {
	handler   http.Handler
	orders    *orderstest.Fake
	simulator *processor.Simulator
	processor *lossyProcessor
	tokens    *authntest.Issuer
}

func newAPI(t testing.TB) *api {
	t.Helper()
	engines := migrationstest.Open(t, db.SQLite, "payments")
	sim := processor.NewSimulator()
	a := &api{orders: orderstest.NewFake(), simulator: sim, processor: &lossyProcessor{CardProcessor: sim},
		tokens: authntest.NewIssuer(t)}
	app, err := application.New(application.Deps{
		UnitOfWork: store.NewUnitOfWork(engines, nil), PaymentReadModel: store.NewPaymentReadModel(engines),
		Orders: a.orders, CardProcessor: a.processor, Clock: clock.System{}, Bus: bus.New(), Config: application.DefaultConfig(),
	})
	if err != nil {
		t.Fatal(err)
	}
	verifier := a.tokens.Verifier
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	e, err := httpserver.NewRouter(httpserver.Config{}, httpserver.Deps{Logger: logger, Verifier: verifier},
		httpapi.Routes(app, idempotency.NewStore(engines, clock.System{}), httpapi.Limits{}))
	if err != nil {
		t.Fatal(err)
	}
	a.handler = e
	return a
}

// user is a signed-in caller: an id and an access token.
type user struct{ id, token string }

func (a *api) signIn(t testing.TB, roles ...string) user {
	t.Helper()
	id := ids.New()
	return user{id: id, token: a.tokens.Token(t, id, roles...)}
}

func (a *api) customer(t testing.TB) user { return a.signIn(t, authn.RoleCustomer) }
func (a *api) admin(t testing.TB) user    { return a.signIn(t, authn.RoleCustomer, authn.RoleAdmin) }

// call sends body as JSON ("" sends none) as who, with an Idempotency-Key unless key is "".
func (a *api) call(method, path string, who user, key, body string) *httptest.ResponseRecorder {
	return a.send(method, path, who, key, "application/json", body)
}

func (a *api) send(method, path string, who user, key, contentType, body string) *httptest.ResponseRecorder {
	var r *http.Request
	if body == "" {
		r = httptest.NewRequest(method, path, nil)
	} else {
		r = httptest.NewRequest(method, path, strings.NewReader(body))
		r.Header.Set("Content-Type", contentType)
	}
	if who.token != "" {
		r.Header.Set("Authorization", "Bearer "+who.token)
	}
	if key != "" {
		r.Header.Set(idempotency.HeaderKey, key)
	}
	w := httptest.NewRecorder()
	a.handler.ServeHTTP(w, r)
	return w
}

// pay pays a new 1000 EUR order of who with token over HTTP.
func (a *api) pay(t testing.TB, who user, token string) application.PaymentView {
	t.Helper()
	w := a.call("POST", "/api/v1/payments", who, ids.New(), payBody(a.orders.Place(who.id, eur(1000)), token))
	want(t, w, http.StatusCreated, "")
	return decode[application.PaymentView](t, w)
}

func payBody(orderID, token string) string {
	return `{"order_id":"` + orderID + `","payment_method":{"type":"card","token":"` + token + `"}}`
}

func eur(amount int64) money.Money { return money.Money{Amount: amount, Currency: "EUR"} }

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
func keys(t testing.TB, w *httptest.ResponseRecorder) []string {
	t.Helper()
	var out []string
	for k := range decode[map[string]json.RawMessage](t, w) {
		out = append(out, k)
	}
	return out
}
