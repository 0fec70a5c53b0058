package httpapi_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/modmono/migrations/migrationstest"
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

// TestPlacingAnOrderOnPostgresRunsTwoStatements pins the write path on PostgreSQL, where an order
// needs no transaction: the catalogue read and one statement storing the order, its items and
// its event (no BEGIN, no COMMIT); an Idempotency-Key adds its claim and its stored answer.
func TestPlacingAnOrderOnPostgresRunsTwoStatements(t *testing.T) {
	t.Parallel()
	a := newAPIOn(t, migrationstest.Open(t, db.Postgres, "orders"), nil, authntest.NewIssuer(t))
	admin := a.admin(t)
	_, token := a.customer(t)
	p := a.product(t, admin, "A", 100, "EUR")
	place := `{"items":[{"product_id":"` + p.ID + `","quantity":1}]}`
	tests := []struct {
		name    string
		headers []string
		want    int64
	}{
		{"without a key", nil, 2},
		{"with a key", []string{"Idempotency-Key", "k1"}, 4},
	}
	for _, tt := range tests {
		w := a.call("POST", "/api/v1/orders", token, place, tt.headers...)
		if w.Code != http.StatusCreated {
			t.Fatalf("%s: %d %s", tt.name, w.Code, w.Body)
		}
		n, err := strconv.ParseInt(w.Header().Get(middleware.HeaderSQLStatements), 10, 64)
		if err != nil || n != tt.want {
			t.Errorf("%s ran %d SQL statements (%v); want %d", tt.name, n, err, tt.want)
		}
	}
}
