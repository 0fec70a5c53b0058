package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/modmono/migrations/migrationstest"
	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/orders/internal/infra/store"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
)

// spec is one behaviour every store must have, whatever the database behind it.
type spec struct {
	name string
	run  func(t *testing.T, s testStore)
}

// testStore is the store under test, reached only through the application's ports (and the
// engines, to look at the outbox).
type testStore struct {
	uow      application.UnitOfWork
	products application.ProductReadModel
	orders   application.OrderReadModel
	engines  *db.Engines
}

// TestStore runs the one repository suite against every dialect, each spec on a fresh,
// migrated store of its own so that specs run in parallel without seeing each other's rows.
func TestStore(t *testing.T) {
	t.Parallel()
	var specs []spec
	for _, group := range [][]spec{productSpecs, orderSpecs, productViewSpecs, orderViewSpecs, unitOfWorkSpecs} {
		specs = append(specs, group...)
	}
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			for _, sp := range specs {
				t.Run(sp.name, func(t *testing.T) {
					t.Parallel()
					engines := migrationstest.Open(t, dialect, "orders")
					sp.run(t, testStore{uow: store.NewUnitOfWork(engines, nil), products: store.NewProductReadModel(engines),
						orders: store.NewOrderReadModel(engines), engines: engines})
				})
			}
		})
	}
}

// t0 is the suite's "now"; microsecond precision, as platform/clock hands out.
var t0 = time.Date(2030, 1, 2, 3, 4, 5, 123456000, time.UTC)

func eur(amount int64) money.Money { return money.Money{Amount: amount, Currency: "EUR"} }

// do runs fn in one unit of work and fails the test if it fails.
func do(t *testing.T, s testStore, fn func(ctx context.Context, r application.Repositories) error) {
	t.Helper()
	if err := s.uow.Do(context.Background(), fn); err != nil {
		t.Fatalf("unit of work: %v", err)
	}
}

// addProducts stores one active product per sku, in the order given (so later ones have
// higher UUIDv7 ids), priced 100, 200, ... EUR cents.
func addProducts(t *testing.T, s testStore, skus ...string) []domain.Product {
	t.Helper()
	ps := make([]domain.Product, len(skus))
	for i, sku := range skus {
		ps[i] = domain.Product{ID: ids.New(), SKU: sku, Name: "Product " + sku, Price: eur(int64(i+1) * 100),
			Active: true, CreatedAt: t0, UpdatedAt: t0}
	}
	do(t, s, func(ctx context.Context, r application.Repositories) error {
		for _, p := range ps {
			if err := r.Products().Add(ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
	return ps
}

// newOrder builds a pending order of customer for one of each product, quantities 1, 2, ...
func newOrder(t *testing.T, customer string, ps ...domain.Product) domain.Order {
	t.Helper()
	catalogue := map[string]domain.Product{}
	lines := make([]domain.Line, len(ps))
	for i, p := range ps {
		catalogue[p.ID] = p
		lines[i] = domain.Line{ProductID: p.ID, Quantity: i + 1}
	}
	o, err := domain.PlaceOrder(ids.New(), customer, lines, catalogue, t0)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// byIDs loads ps again through Products.ByIDs, by id.
func byIDs(t *testing.T, s testStore, ps ...domain.Product) map[string]domain.Product {
	t.Helper()
	wanted := make([]string, len(ps))
	for i, p := range ps {
		wanted[i] = p.ID
	}
	var found map[string]domain.Product
	do(t, s, func(ctx context.Context, r application.Repositories) (err error) {
		found, err = r.Products().ByIDs(ctx, wanted)
		return err
	})
	return found
}

func addOrders(t *testing.T, s testStore, orders ...domain.Order) {
	t.Helper()
	do(t, s, func(ctx context.Context, r application.Repositories) error {
		for _, o := range orders {
			if added, err := r.Orders().Add(ctx, o); err != nil || !added {
				t.Fatalf("add order: %v, %v", added, err)
			}
		}
		return nil
	})
}
