package inproc_test

import (
	"context"
	"testing"

	"github.com/modmono/migrations/migrationstest"
	"github.com/modmono/orders/contract"
	"github.com/modmono/orders/contract/contracttest"
	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/orders/internal/infra/store"
	"github.com/modmono/orders/internal/interfaces/inproc"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
)

// TestContract runs the contract's suite against the in-process implementation on each dialect.
func TestContract(t *testing.T) {
	t.Parallel()
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			contracttest.Run(t, func(t *testing.T) (contract.Orders, contracttest.Fixtures) {
				engines := migrationstest.Open(t, dialect, "orders")
				app, err := application.New(application.Deps{
					UnitOfWork: store.NewUnitOfWork(engines, nil), ProductReadModel: store.NewProductReadModel(engines),
					OrderReadModel: store.NewOrderReadModel(engines), Clock: clock.System{}, Bus: bus.New(),
				})
				if err != nil {
					t.Fatal(err)
				}
				return inproc.New(app), fixtures{app: app}
			})
		})
	}
}

// fixtures drives the application directly.
type fixtures struct {
	app *application.Application
}

var admin = authn.Principal{UserID: ids.New(), Roles: []string{authn.RoleAdmin}}

func (f fixtures) PlaceOrder(t *testing.T, customerID string) (string, money.Money) {
	t.Helper()
	ctx := context.Background()
	p, err := f.app.Commands.CreateProduct.Handle(ctx, application.CreateProduct{
		Actor: admin, SKU: ids.New(), Name: "Mug", Price: money.Money{Amount: 1250, Currency: "EUR"},
	})
	if err != nil {
		t.Fatal(err)
	}
	o, err := f.app.Commands.PlaceOrder.Handle(ctx, application.PlaceOrder{
		Actor: authn.Principal{UserID: customerID}, Items: []domain.Line{{ProductID: p.ID, Quantity: 2}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return o.ID, o.Total
}

func (f fixtures) CancelOrder(t *testing.T, customerID, orderID string) {
	t.Helper()
	_, err := f.app.Commands.CancelOrder.Handle(context.Background(), application.CancelOrder{
		Actor: authn.Principal{UserID: customerID}, ID: orderID,
	})
	if err != nil {
		t.Fatal(err)
	}
}
