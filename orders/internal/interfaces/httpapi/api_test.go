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
	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/infra/store"
	"github.com/modmono/orders/internal/interfaces/httpapi"
	"github.com/modmono/platform/authn/authntest"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/cache"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/httpx/httpxtest"
	"github.com/modmono/platform/idempotency"
	"github.com/modmono/platform/ids"
)

// api is the real echo stack (middleware, access checks, problem rendering) serving Routes over
// an Application on a fresh SQLite store; PostgreSQL is covered by the application tests.
// Tokens are signed here the way auth signs them, since orders only verifies.
type api struct {
	handler http.Handler
	app     *application.Application
	tokens  *authntest.Issuer
}

func newAPI(t testing.TB) *api {
	t.Helper()
	return newAPIOn(t, migrationstest.Open(t, db.SQLite, "orders"), nil, authntest.NewIssuer(t))
}

// newAPIOn serves engines with the catalogue cached in c (nil: no cache), wired as the module
// wires it, trusting tokens; two of them on the same engines, cache and tokens stand for two
// replicas of the gateway.
func newAPIOn(t testing.TB, engines *db.Engines, c *cache.Cache, tokens *authntest.Issuer) *api {
	t.Helper()
	clk := clock.System{}
	app, err := application.New(application.Deps{
		UnitOfWork:       store.InvalidateCatalogue(store.NewUnitOfWork(engines, nil), c),
		ProductReadModel: store.NewCachedProductReadModel(engines, c),
		OrderReadModel:   store.NewOrderReadModel(engines), Clock: clk, Bus: bus.New(),
	})
	if err != nil {
		t.Fatal(err)
	}
	verifier := tokens.Verifier
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	routes := httpapi.Routes(app, verifier, idempotency.NewStore(engines, clk), httpapi.Limits{})
	e, err := httpserver.NewRouter(httpserver.Config{StatementCountHeader: true}, httpserver.Deps{Logger: logger, Verifier: verifier}, routes)
	if err != nil {
		t.Fatal(err)
	}
	return &api{handler: e, app: app, tokens: tokens}
}

// token signs an access token for a new user with roles; it returns the user id too.
func (a *api) token(t testing.TB, roles ...string) (string, string) {
	t.Helper()
	sub := ids.New()
	return sub, a.tokens.Token(t, sub, roles...)
}

func (a *api) customer(t testing.TB) (string, string) { return a.token(t, "customer") }
func (a *api) admin(t testing.TB) string {
	_, tok := a.token(t, "customer", "admin")
	return tok
}

// call sends body as JSON ("" sends none) with the bearer token ("" sends none).
func (a *api) call(method, path, token, body string, headers ...string) *httptest.ResponseRecorder {
	return a.send(method, path, token, "application/json", body, headers...)
}

// send also names the content type; headers are extra name, value pairs.
func (a *api) send(method, path, token, contentType, body string, headers ...string) *httptest.ResponseRecorder {
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
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	a.handler.ServeHTTP(w, r)
	return w
}

// product creates a product over HTTP as an admin and returns it.
func (a *api) product(t testing.TB, admin, sku string, amount int64, currency string) application.ProductView {
	t.Helper()
	body := `{"sku":"` + sku + `","name":"Product ` + sku + `","price":{"amount":` + itoa(amount) + `,"currency":"` + currency + `"}}`
	w := a.call("POST", "/api/v1/products", admin, body)
	want(t, w, http.StatusCreated, "")
	return decode[application.ProductView](t, w)
}

// order places an order of one of each product over HTTP.
func (a *api) order(t testing.TB, token string, products ...application.ProductView) application.OrderView {
	t.Helper()
	var items []string
	for _, p := range products {
		items = append(items, `{"product_id":"`+p.ID+`","quantity":1}`)
	}
	w := a.call("POST", "/api/v1/orders", token, `{"items":[`+strings.Join(items, ",")+`]}`)
	want(t, w, http.StatusCreated, "")
	return decode[application.OrderView](t, w)
}

// The platform's shared assertions, under the names these tests use.
type problem = httpxtest.Problem

func want(t testing.TB, w *httptest.ResponseRecorder, status int, code string) problem {
	t.Helper()
	return httpxtest.Want(t, w, status, code)
}

// wantField checks a 422 with code names field with fieldCode among its errors.
func wantField(t testing.TB, w *httptest.ResponseRecorder, code, field, fieldCode string) {
	t.Helper()
	httpxtest.WantField(t, w, code, field, fieldCode)
}

func decode[T any](t testing.TB, w *httptest.ResponseRecorder) T {
	t.Helper()
	return httpxtest.Decode[T](t, w)
}

// keys lists the members of a JSON object body, to check a response's exact shape.
func keys(t testing.TB, body []byte) []string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }
