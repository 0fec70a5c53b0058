package internalapi_test

import (
	"context"
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
	"github.com/modmono/orders/internal/interfaces/inproc"
	"github.com/modmono/orders/internal/interfaces/internalapi"
	"github.com/modmono/platform/authn/authntest"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/idempotency"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
)

// service is the orders service as its main serves it, minus fx: the real echo stack over the
// public and the internal routes, on a fresh store of one dialect, listening on a real port.
type service struct {
	URL    string
	tokens *authntest.Issuer
}

func newService(t *testing.T, dialect db.Dialect) *service {
	t.Helper()
	engines := migrationstest.Open(t, dialect, "orders")
	clk := clock.System{}
	app, err := application.New(application.Deps{
		UnitOfWork: store.NewUnitOfWork(engines, nil), ProductReadModel: store.NewProductReadModel(engines),
		OrderReadModel: store.NewOrderReadModel(engines), Clock: clk, Bus: bus.New(),
	})
	if err != nil {
		t.Fatal(err)
	}
	tokens := authntest.NewIssuer(t)
	verifier := tokens.Verifier
	routes := append(httpapi.Routes(app, verifier, idempotency.NewStore(engines, clk), httpapi.Limits{}), internalapi.Routes(inproc.New(app))...)
	e, err := httpserver.NewRouter(httpserver.Config{}, httpserver.Deps{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Verifier: verifier}, routes)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return &service{URL: srv.URL, tokens: tokens}
}

// token signs an access token for user sub with roles, as auth would.
func (s *service) token(t *testing.T, sub string, roles ...string) string {
	t.Helper()
	return s.tokens.Token(t, sub, roles...)
}

func (s *service) adminToken(t *testing.T) string { return s.token(t, ids.New(), "customer", "admin") }

// PlaceOrder and CancelOrder are the contract suite's fixtures, through orders' public API.
func (s *service) PlaceOrder(t *testing.T, customerID string) (string, money.Money) {
	t.Helper()
	var product struct{ ID string }
	s.do(t, http.MethodPost, "/api/v1/products", s.adminToken(t),
		`{"sku":"`+ids.New()+`","name":"Mug","price":{"amount":1250,"currency":"EUR"}}`, http.StatusCreated, &product)
	var order struct {
		ID    string
		Total money.Money
	}
	s.do(t, http.MethodPost, "/api/v1/orders", s.token(t, customerID, "customer"),
		`{"items":[{"product_id":"`+product.ID+`","quantity":2}]}`, http.StatusCreated, &order)
	return order.ID, order.Total
}

func (s *service) CancelOrder(t *testing.T, customerID, orderID string) {
	t.Helper()
	s.do(t, http.MethodPost, "/api/v1/orders/"+orderID+"/cancel", s.token(t, customerID, "customer"), "", http.StatusOK, nil)
}

func (s *service) do(t *testing.T, method, path, token, body string, status int, into any) {
	t.Helper()
	resp := s.request(t, method, path, token, body)
	defer resp.Body.Close()
	if resp.StatusCode != status {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("%s %s: status %d, want %d; body %s", method, path, resp.StatusCode, status, b)
	}
	if into != nil {
		if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
			t.Fatalf("%s %s: decode: %v", method, path, err)
		}
	}
}

func (s *service) request(t *testing.T, method, path, token, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}
