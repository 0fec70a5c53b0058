package subscribers_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/modmono/migrations/migrationstest"
	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/orders/internal/infra/store"
	"github.com/modmono/orders/internal/interfaces/subscribers"
	payments "github.com/modmono/payments/contract"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
	"github.com/modmono/platform/outbox"
)

// fixture is the orders application subscribed to a LocalBroker, on each dialect.
type fixture struct {
	dialect db.Dialect
	engines *db.Engines
	app     *application.Application
	broker  *outbox.LocalBroker
}

func eachDialect(t *testing.T, test func(t *testing.T, f fixture)) {
	t.Helper()
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			engines := migrationstest.Open(t, dialect, "orders")
			app, err := application.New(application.Deps{
				UnitOfWork: store.NewUnitOfWork(engines, nil), ProductReadModel: store.NewProductReadModel(engines),
				OrderReadModel: store.NewOrderReadModel(engines), Clock: clock.System{}, Bus: bus.New(),
			})
			if err != nil {
				t.Fatal(err)
			}
			f := fixture{dialect: dialect, engines: engines, app: app, broker: &outbox.LocalBroker{}}
			subscribers.Subscribe(f.broker, app)
			test(t, f)
		})
	}
}

var admin = authn.Principal{UserID: ids.New(), Roles: []string{authn.RoleAdmin}}

// order places a pending order and returns its id.
func (f fixture) order(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	p, err := f.app.Commands.CreateProduct.Handle(ctx, application.CreateProduct{Actor: admin, SKU: ids.New(), Name: "Mug",
		Price: money.Money{Amount: 100, Currency: "EUR"}})
	if err != nil {
		t.Fatal(err)
	}
	o, err := f.app.Commands.PlaceOrder.Handle(ctx, application.PlaceOrder{Actor: authn.Principal{UserID: ids.New()},
		Items: []domain.Line{{ProductID: p.ID, Quantity: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

func (f fixture) status(t *testing.T, orderID string) string {
	t.Helper()
	o, err := f.app.Queries.GetOrder.Handle(context.Background(), application.GetOrder{Actor: admin, ID: orderID})
	if err != nil {
		t.Fatal(err)
	}
	return o.Status
}

func event(t *testing.T, typ string, version int, payload any) outbox.Event {
	t.Helper()
	e, err := outbox.NewEvent(context.Background(), clock.System{}, typ, version, ids.New(), payload)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestPaymentEventsMoveTheOrderOnceEach(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, f fixture) {
		ctx, orderID := context.Background(), f.order(t)
		eur := money.Money{Amount: 100, Currency: "EUR"}
		succeeded := event(t, payments.EventPaymentSucceeded, payments.EventVersion,
			payments.PaymentSucceeded{PaymentID: "pay_1", OrderID: orderID, Amount: eur})
		for range 2 { // at-least-once delivery: the second is a no-op
			if err := f.broker.Publish(ctx, succeeded); err != nil {
				t.Fatal(err)
			}
		}
		if s := f.status(t, orderID); s != "paid" {
			t.Fatalf("after payment_succeeded: %s; want paid", s)
		}
		partial := event(t, payments.EventPaymentRefunded, payments.EventVersion,
			payments.PaymentRefunded{PaymentID: "pay_1", OrderID: orderID, Amount: eur, RefundedTotal: eur})
		if err := f.broker.Publish(ctx, partial); err != nil || f.status(t, orderID) != "paid" {
			t.Fatalf("a partial refund: %v, status %s; want paid", err, f.status(t, orderID))
		}
		full := event(t, payments.EventPaymentRefunded, payments.EventVersion,
			payments.PaymentRefunded{PaymentID: "pay_1", OrderID: orderID, Amount: eur, RefundedTotal: eur, FullyRefunded: true})
		if err := f.broker.Publish(ctx, full); err != nil || f.status(t, orderID) != "refunded" {
			t.Fatalf("a full refund: %v, status %s; want refunded", err, f.status(t, orderID))
		}
	})
}

func TestUnreadableEventsFailSoTheyAreRetriedAndParked(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, f fixture) {
		ctx, orderID := context.Background(), f.order(t)
		future := event(t, payments.EventPaymentSucceeded, payments.EventVersion+1, payments.PaymentSucceeded{OrderID: orderID})
		garbled := event(t, payments.EventPaymentSucceeded, payments.EventVersion, map[string]any{"order_id": 42})
		garbled.Payload = json.RawMessage(`{"order_id":42}`)
		unknown := event(t, payments.EventPaymentSucceeded, payments.EventVersion, payments.PaymentSucceeded{OrderID: ids.New()})
		for name, e := range map[string]outbox.Event{"a newer version": future, "a bad payload": garbled, "an unknown order": unknown} {
			if err := f.broker.Publish(ctx, e); err == nil {
				t.Fatalf("%s: handled without error; want a failure", name)
			}
		}
		if s := f.status(t, orderID); s != "pending" {
			t.Fatalf("status %s; want pending", s)
		}
	})
}
