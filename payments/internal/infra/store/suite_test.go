package store_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/modmono/migrations/migrationstest"
	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/payments/internal/infra/store"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
)

// spec is one behaviour every store must have, whatever the database behind it.
type spec struct {
	name string
	run  func(t *testing.T, s testStore)
}

// testStore is the store under test, reached through the application's ports; engines is there
// for the specs that check what the database itself refuses.
type testStore struct {
	uow     application.UnitOfWork
	views   application.PaymentReadModel
	engines *db.Engines
	commits *atomic.Int64
}

// TestStore runs the one repository suite against every dialect, each spec on a fresh,
// migrated store of its own so that specs run in parallel without seeing each other's rows.
func TestStore(t *testing.T) {
	t.Parallel()
	var specs []spec
	for _, group := range [][]spec{paymentSpecs, refundSpecs, guardSpecs, viewSpecs, unitOfWorkSpecs} {
		specs = append(specs, group...)
	}
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			for _, sp := range specs {
				t.Run(sp.name, func(t *testing.T) {
					t.Parallel()
					sp.run(t, openStore(t, dialect))
				})
			}
		})
	}
}

func openStore(t *testing.T, dialect db.Dialect) testStore {
	t.Helper()
	engines := migrationstest.Open(t, dialect, "payments")
	commits := new(atomic.Int64)
	return testStore{
		uow:     store.NewUnitOfWork(engines, func() { commits.Add(1) }),
		views:   store.NewPaymentReadModel(engines),
		engines: engines,
		commits: commits,
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

// newPayment is a processing payment of 1000 EUR for a new order and customer.
func newPayment() domain.Payment {
	p, err := domain.NewPayment(ids.New(), ids.New(), ids.New(), eur(1000), domain.PaymentMethod{Type: "card", Token: "tok_visa"}, ids.New(), t0)
	if err != nil {
		panic(err)
	}
	return p
}

// add stores payments in the order given, settled with outcome unless it is nil.
func add(t *testing.T, s testStore, outcome *domain.ChargeOutcome, ps ...domain.Payment) []domain.Payment {
	t.Helper()
	do(t, s, func(ctx context.Context, r application.Repositories) error {
		for i := range ps {
			if added, err := r.Payments().Add(ctx, ps[i]); err != nil || !added {
				t.Fatalf("add payment %d: added %v, %v", i, added, err)
			}
			if outcome == nil {
				continue
			}
			if err := ps[i].Settle(*outcome, t0.Add(time.Second)); err != nil {
				return err
			}
			if ok, err := r.Payments().Settle(ctx, ps[i]); err != nil || !ok {
				t.Fatalf("settle payment %d: %v, %v", i, ok, err)
			}
		}
		return nil
	})
	return ps
}

var succeeded = &domain.ChargeOutcome{}

func assertCode(t *testing.T, what string, err error, kind errs.Kind, code string) {
	t.Helper()
	if e, ok := errs.As(err); !ok || e.Kind != kind || e.Code != code {
		t.Fatalf("%s error = %v; want kind %d code %s", what, err, kind, code)
	}
}
