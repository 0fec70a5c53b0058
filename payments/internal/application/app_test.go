package application_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/modmono/migrations/migrationstest"
	"github.com/modmono/orders/contract/orderstest"
	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/infra/processor"
	"github.com/modmono/payments/internal/infra/store"
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

// harness is one Application over a fresh store of one dialect, through the real infra, with
// a fake orders context and the simulator behind a processor that can lose its answers.
type harness struct {
	app       *application.Application
	clock     *clock.Manual
	orders    *orderstest.Fake
	simulator *processor.Simulator
	processor *lossyProcessor
	engines   *db.Engines
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
	engines := migrationstest.Open(t, dialect, "payments")
	sim := processor.NewSimulator()
	h := &harness{
		clock: clock.NewManual(start), orders: orderstest.NewFake(), simulator: sim,
		processor: &lossyProcessor{CardProcessor: sim}, engines: engines,
	}
	var err error
	h.app, err = application.New(application.Deps{
		UnitOfWork:       store.NewUnitOfWork(engines, nil),
		PaymentReadModel: store.NewPaymentReadModel(engines),
		Orders:           h.orders,
		CardProcessor:    h.processor,
		Clock:            h.clock,
		Bus:              bus.New(),
		Config:           application.DefaultConfig(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// customer is a new customer's principal.
func customer() authn.Principal {
	return authn.Principal{UserID: ids.New(), Roles: []string{authn.RoleCustomer}}
}

// admin is an admin principal that owns nothing.
var admin = authn.Principal{UserID: ids.New(), Roles: []string{authn.RoleCustomer, authn.RoleAdmin}}

func eur(amount int64) money.Money { return money.Money{Amount: amount, Currency: "EUR"} }

// pay pays orderID as who with token under key.
func (h *harness) pay(who authn.Principal, orderID, token, key string) (application.PaymentView, error) {
	return h.app.Commands.PayOrder.Handle(context.Background(), application.PayOrder{
		Actor: who, OrderID: orderID, Method: application.Method{Type: "card", Token: token}, IdempotencyKey: key,
	})
}

// paid is a customer with a succeeded payment of a 1000 EUR order.
func (h *harness) paid(t *testing.T) (authn.Principal, application.PaymentView) {
	t.Helper()
	who := customer()
	p, err := h.pay(who, h.orders.Place(who.UserID, eur(1000)), "tok_visa", ids.New())
	if err != nil || p.Status != "succeeded" {
		t.Fatalf("pay: %+v, %v", p, err)
	}
	return who, p
}

// event is one row of the outbox.
type event struct {
	Type, AggregateID string
	Payload           map[string]any
}

// events lists the outbox, in append order.
func (h *harness) events(t *testing.T) []event {
	t.Helper()
	rows, err := h.engines.Read.QueryContext(context.Background(), "SELECT type, aggregate_id, payload FROM outbox ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []event
	for rows.Next() {
		var e event
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

func types(events []event) []string {
	var out []string
	for _, e := range events {
		out = append(out, e.Type)
	}
	return out
}

// wantCode fails unless err carries the contract code want ("" wants no error).
func wantCode(t *testing.T, err error, want string) {
	t.Helper()
	if want == "" && err != nil {
		t.Fatalf("want success, got %v", err)
	}
	if want != "" && !errs.HasCode(err, want) {
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
