package application_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/modmono/migrations/migrationstest"
	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/orders/internal/infra/store"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
)

// start is the manual clock's first reading in every test.
var start = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

// admin is an admin principal; customers are made fresh by customer().
var admin = authn.Principal{UserID: ids.New(), Roles: []string{authn.RoleCustomer, authn.RoleAdmin}}

func customer() authn.Principal {
	return authn.Principal{UserID: ids.New(), Roles: []string{authn.RoleCustomer}}
}

// harness is one Application over a fresh store of one dialect, through the real infra.
type harness struct {
	app     *application.Application
	clock   *clock.Manual
	engines *db.Engines
}

// eachDialect runs test once per dialect, in parallel, each on its own store.
func eachDialect(t *testing.T, test func(t *testing.T, h *harness)) {
	t.Helper()
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			test(t, newHarness(t, dialect))
		})
	}
}

func newHarness(t *testing.T, dialect db.Dialect) *harness {
	t.Helper()
	engines := migrationstest.Open(t, dialect, "orders")
	h := &harness{clock: clock.NewManual(start), engines: engines}
	var err error
	h.app, err = application.New(application.Deps{
		UnitOfWork:       store.NewUnitOfWork(engines, nil),
		ProductReadModel: store.NewProductReadModel(engines),
		OrderReadModel:   store.NewOrderReadModel(engines),
		Clock:            h.clock,
		Bus:              bus.New(bus.RetryOn(db.IsRetryable, 3)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// product creates an active product priced amount EUR cents (or in currency, when given).
func (h *harness) product(t *testing.T, sku string, amount int64, currency ...string) application.ProductView {
	t.Helper()
	cur := "EUR"
	if len(currency) > 0 {
		cur = currency[0]
	}
	p, err := h.app.Commands.CreateProduct.Handle(context.Background(), application.CreateProduct{
		Actor: admin, SKU: sku, Name: "Product " + sku, Price: money.Money{Amount: amount, Currency: cur},
	})
	if err != nil {
		t.Fatalf("create product %s: %v", sku, err)
	}
	return p
}

// order places an order of actor for one of each product.
func (h *harness) order(t *testing.T, actor authn.Principal, products ...application.ProductView) application.OrderView {
	t.Helper()
	lines := make([]domain.Line, len(products))
	for i, p := range products {
		lines[i] = domain.Line{ProductID: p.ID, Quantity: 1}
	}
	o, err := h.app.Commands.PlaceOrder.Handle(context.Background(), application.PlaceOrder{Actor: actor, Items: lines})
	if err != nil {
		t.Fatalf("place order: %v", err)
	}
	return o
}

func (h *harness) get(t *testing.T, id string) application.OrderView {
	t.Helper()
	o, err := h.app.Queries.GetOrder.Handle(context.Background(), application.GetOrder{Actor: admin, ID: id})
	if err != nil {
		t.Fatalf("get order %s: %v", id, err)
	}
	return o
}

// outboxEvent is one row of the outbox, as a subscriber would receive it.
type outboxEvent struct {
	Type, AggregateID string
	Payload           map[string]any
}

// events lists the outbox in append order.
func (h *harness) events(t *testing.T) []outboxEvent {
	t.Helper()
	rows, err := h.engines.Write.QueryContext(context.Background(), "SELECT type, aggregate_id, payload FROM outbox ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []outboxEvent
	for rows.Next() {
		var e outboxEvent
		var payload string
		if err := rows.Scan(&e.Type, &e.AggregateID, &payload); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(payload), &e.Payload); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

// wantCode fails unless err carries the contract code want ("" wants no error).
func wantCode(t *testing.T, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("want success, got %v", err)
		}
		return
	}
	if !errs.HasCode(err, want) {
		t.Fatalf("want code %s, got %v", want, err)
	}
}

// wantFields fails unless err is a 422 naming exactly these field/code pairs, in order.
func wantFields(t *testing.T, err error, want ...string) {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.KindInvalid {
		t.Fatalf("want a 422, got %v", err)
	}
	var got []string
	for _, f := range e.Fields {
		got = append(got, f.Field+"/"+f.Code)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("want fields %v, got %v", want, got)
	}
}
