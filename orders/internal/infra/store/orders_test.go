package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/orders/internal/infra/store"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
)

var orderSpecs = []spec{
	{"orders: an added order reads back whole, items in their order", func(t *testing.T, s testStore) {
		ps := addProducts(t, s, "A", "B", "C")
		want := newOrder(t, ids.New(), ps[2], ps[0], ps[1])
		addOrders(t, s, want)
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			got, err := r.Orders().ByID(ctx, want.ID)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("ByID =\n %+v, %v\nwant\n %+v", got, err, want)
			}
			return nil
		})
	}},
	{"orders: update stores status and payment and moves the version", func(t *testing.T, s testStore) {
		o := newOrder(t, ids.New(), addProducts(t, s, "A")...)
		addOrders(t, s, o)
		o.MarkPaid("pay_123", t0.Add(time.Second))
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			stored, err := r.Orders().Update(ctx, o)
			if err != nil || !stored {
				t.Fatalf("Update = %v, %v; want stored", stored, err)
			}
			return nil
		})
		o.Version++
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			got, err := r.Orders().ByID(ctx, o.ID)
			if err != nil || !reflect.DeepEqual(got, o) {
				t.Fatalf("after Update:\n %+v, %v\nwant\n %+v", got, err, o)
			}
			return nil
		})
	}},
	{"orders: an update from a stale version writes nothing", func(t *testing.T, s testStore) {
		o := newOrder(t, ids.New(), addProducts(t, s, "A")...)
		addOrders(t, s, o)
		first, second := o, o
		first.Cancel(t0)         //nolint:errcheck // pending: always cancellable
		second.MarkPaid("p", t0) // loaded at the same version
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			if ok, err := r.Orders().Update(ctx, first); !ok || err != nil {
				t.Fatalf("first Update = %v, %v", ok, err)
			}
			if ok, err := r.Orders().Update(ctx, second); ok || err != nil {
				t.Fatalf("stale Update = %v, %v; want false, nil", ok, err)
			}
			got, _ := r.Orders().ByID(ctx, o.ID)
			if got.Status != domain.StatusCancelled || got.IsPaid() || got.Version != 2 {
				t.Fatalf("after the stale update: %+v", got)
			}
			return nil
		})
	}},
	{"orders: an idempotency key places one order per customer", func(t *testing.T, s testStore) {
		ps := addProducts(t, s, "A")
		ann, bob := ids.New(), ids.New()
		first, retry, bobs := newOrder(t, ann, ps...), newOrder(t, ann, ps...), newOrder(t, bob, ps...)
		first.IdempotencyKey, retry.IdempotencyKey, bobs.IdempotencyKey = "k-1", "k-1", "k-1"
		addOrders(t, s, first, bobs)
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			if added, err := r.Orders().Add(ctx, retry); added || err != nil {
				t.Fatalf("Add under a used key = %v, %v; want false, nil", added, err)
			}
			got, err := r.Orders().ByIdempotencyKey(ctx, ann, "k-1")
			if err != nil || !reflect.DeepEqual(got, first) {
				t.Fatalf("ByIdempotencyKey = %+v, %v; want %+v", got, err, first)
			}
			_, err = r.Orders().ByIdempotencyKey(ctx, ann, "k-2")
			assertCode(t, "ByIdempotencyKey(unknown)", err, errs.KindNotFound, domain.CodeOrderNotFound)
			return nil
		})
	}},
	{"orders: an order priced from a product changed since is not stored; ByIDs then reads it afresh", func(t *testing.T, s testStore) {
		// elsewhere is another process's store on the same database: its change does not
		// reach this one's copy of the catalogue (PostgreSQL), only the database.
		elsewhere := store.NewUnitOfWork(s.engines, nil)
		changes := []struct {
			name   string
			change func(p *domain.Product)
		}{
			{"price", func(p *domain.Product) { p.Price = eur(p.Price.Amount + 1) }},
			{"currency", func(p *domain.Product) { p.Price.Currency = "USD" }},
			{"name", func(p *domain.Product) { p.Name += " (new)" }},
			{"taken off sale", func(p *domain.Product) { p.Active = false }},
		}
		for _, c := range changes {
			t.Run(c.name, func(t *testing.T) {
				ps := addProducts(t, s, "A-"+c.name, "B-"+c.name)
				priced := byIDs(t, s, ps...) // what this process may keep a copy of
				changed := priced[ps[0].ID]
				c.change(&changed)
				err := elsewhere.Do(context.Background(), func(ctx context.Context, r application.Repositories) error {
					return r.Products().Update(ctx, changed)
				})
				if err != nil {
					t.Fatal(err)
				}
				stale := newOrder(t, ids.New(), priced[ps[0].ID], priced[ps[1].ID])
				do(t, s, func(ctx context.Context, r application.Repositories) error {
					if added, err := r.Orders().Add(ctx, stale); added || err != nil {
						t.Fatalf("Add of an order priced before the change = %v, %v; want false, nil", added, err)
					}
					_, err := r.Orders().ByID(ctx, stale.ID)
					assertCode(t, "ByID(refused order)", err, errs.KindNotFound, domain.CodeOrderNotFound)
					return nil
				})
				if got := byIDs(t, s, ps...)[ps[0].ID]; !reflect.DeepEqual(got, changed) {
					t.Fatalf("ByIDs after the refusal = %+v; want the changed product %+v", got, changed)
				}
				if changed.Active && changed.Price.Currency == "EUR" {
					addOrders(t, s, newOrder(t, ids.New(), changed, priced[ps[1].ID]))
				}
			})
		}
	}},
	{"orders: unknown or malformed ids are ORDER_NOT_FOUND", func(t *testing.T, s testStore) {
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			for _, id := range []string{ids.New(), "42", ""} {
				_, err := r.Orders().ByID(ctx, id)
				assertCode(t, "ByID("+id+")", err, errs.KindNotFound, domain.CodeOrderNotFound)
			}
			return nil
		})
	}},
}
