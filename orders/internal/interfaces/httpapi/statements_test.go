package httpapi_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/modmono/migrations/migrationstest"
	"github.com/modmono/orders/internal/application"
	"github.com/modmono/platform/authn/authntest"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/middleware"
)

// TestStatementBudget pins how many SQL statements each route costs, so that a change that
// makes one loop over rows (or load aggregates for a read) shows here. Reads are one statement
// whatever the page; a write is its transaction (BEGIN, work, COMMIT).
func TestStatementBudget(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	admin := a.admin(t)
	_, token := a.customer(t)
	p := a.product(t, admin, "A", 100, "EUR")
	q := a.product(t, admin, "B", 100, "EUR")
	o := a.order(t, token, p, q)
	place := `{"items":[{"product_id":"` + p.ID + `","quantity":1},{"product_id":"` + q.ID + `","quantity":2}]}`
	tests := []struct {
		name, method, path, token, body string
		headers                         []string
		max                             int64
	}{
		{"list products", "GET", "/api/v1/products", "", "", nil, 1},
		{"get a product", "GET", "/api/v1/products/" + p.ID, "", "", nil, 1},
		{"create a product", "POST", "/api/v1/products", admin, `{"sku":"C","name":"C","price":{"amount":1,"currency":"EUR"}}`, nil, 3},
		{"update a product", "PATCH", "/api/v1/products/" + p.ID, admin, `{"name":"A2"}`, nil, 4},
		{"list orders", "GET", "/api/v1/orders", token, "", nil, 1},
		{"get an order", "GET", "/api/v1/orders/" + o.ID, token, "", nil, 1},
		{"place an order", "POST", "/api/v1/orders", token, place, nil, 6},
		{"place an order with a key", "POST", "/api/v1/orders", token, place, []string{"Idempotency-Key", "k1"}, 8},
		{"cancel an order", "POST", "/api/v1/orders/" + o.ID + "/cancel", token, "", nil, 5},
	}
	for _, tt := range tests {
		w := a.call(tt.method, tt.path, tt.token, tt.body, tt.headers...)
		if w.Code >= http.StatusBadRequest {
			t.Fatalf("%s: %d %s", tt.name, w.Code, w.Body)
		}
		n, err := strconv.ParseInt(w.Header().Get(middleware.HeaderSQLStatements), 10, 64)
		if err != nil || n > tt.max {
			t.Errorf("%s ran %d SQL statements (%v); want at most %d", tt.name, n, err, tt.max)
		}
	}
}

// TestPlacingAnOrderOnPostgres pins the write path on PostgreSQL, where an order needs no
// transaction and, once its products are in the process's copy of the catalogue, no catalogue
// read: one statement stores the order, its items and its event (no BEGIN, no COMMIT); an
// Idempotency-Key adds its claim and its stored answer. The two replicas share the database: a
// product changed on b is never sold at its old price on a, which pays for learning of it with
// its refused statement and a catalogue read.
func TestPlacingAnOrderOnPostgres(t *testing.T) {
	t.Parallel()
	engines := migrationstest.Open(t, db.Postgres, "orders")
	tokens := authntest.NewIssuer(t)
	a, b := newAPIOn(t, engines, nil, tokens), newAPIOn(t, engines, nil, tokens)
	admin := a.admin(t)
	_, token := a.customer(t)
	p := a.product(t, admin, "A", 100, "EUR")
	place := `{"items":[{"product_id":"` + p.ID + `","quantity":1}]}`
	steps := []struct {
		name       string
		changeOnB  string // a PATCH of the product on replica b first, if any
		headers    []string
		status     int
		total      int64
		item       string
		statements int64
	}{
		{"the first order reads the catalogue", "", nil, 201, 100, "Product A", 2},
		{"the next one is one statement", "", nil, 201, 100, "Product A", 1},
		{"with a key", "", []string{"Idempotency-Key", "k1"}, 201, 100, "Product A", 3},
		{"repriced on b: a's order is at the new price", `{"price":{"amount":150,"currency":"EUR"}}`, nil, 201, 150, "Product A", 3},
		{"after that, one statement again", "", nil, 201, 150, "Product A", 1},
		{"renamed on b: a's order has the new name", `{"name":"A2"}`, nil, 201, 150, "A2", 3},
		{"taken off sale on b: a refuses it", `{"active":false}`, nil, 422, 0, "", 2},
	}
	for _, step := range steps {
		if step.changeOnB != "" {
			want(t, b.call("PATCH", "/api/v1/products/"+p.ID, admin, step.changeOnB), http.StatusOK, "")
		}
		w := a.call("POST", "/api/v1/orders", token, place, step.headers...)
		if w.Code != step.status {
			t.Fatalf("%s: %d %s; want %d", step.name, w.Code, w.Body, step.status)
		}
		if step.status == http.StatusCreated {
			o := decode[application.OrderView](t, w)
			if o.Total.Amount != step.total || o.Items[0].Name != step.item {
				t.Errorf("%s: total %d, item %q; want %d, %q", step.name, o.Total.Amount, o.Items[0].Name, step.total, step.item)
			}
		}
		n, err := strconv.ParseInt(w.Header().Get(middleware.HeaderSQLStatements), 10, 64)
		if err != nil || n != step.statements {
			t.Errorf("%s ran %d SQL statements (%v); want %d", step.name, n, err, step.statements)
		}
	}
}
