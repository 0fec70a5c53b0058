package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
)

var productSpecs = []spec{
	{"products: an added product reads back whole, also by an upper-case id", func(t *testing.T, s testStore) {
		want := addProducts(t, s, "MUG-1")[0]
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			for _, id := range []string{want.ID, strings.ToUpper(want.ID)} {
				got, err := r.Products().ByID(ctx, id)
				if err != nil || !reflect.DeepEqual(got, want) {
					t.Fatalf("ByID(%s) = %+v, %v; want %+v", id, got, err, want)
				}
			}
			return nil
		})
	}},
	{"products: a taken sku is a conflict SKU_TAKEN; skus are case-sensitive", func(t *testing.T, s testStore) {
		addProducts(t, s, "MUG-1")
		err := s.uow.Do(context.Background(), func(ctx context.Context, r application.Repositories) error {
			return r.Products().Add(ctx, domain.Product{ID: ids.New(), SKU: "MUG-1", Name: "x", Price: eur(1), CreatedAt: t0, UpdatedAt: t0})
		})
		assertCode(t, "Add with a taken sku", err, errs.KindConflict, domain.CodeSKUTaken)
		addProducts(t, s, "mug-1")
	}},
	{"products: update stores every mutable field", func(t *testing.T, s testStore) {
		p := addProducts(t, s, "MUG-1")[0]
		p.Name, p.Price, p.Active = "Big mug", money.Money{Amount: 5, Currency: "JPY"}, false
		p.UpdatedAt = t0.Add(time.Minute + time.Microsecond)
		do(t, s, func(ctx context.Context, r application.Repositories) error { return r.Products().Update(ctx, p) })
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			got, err := r.Products().ByID(ctx, p.ID)
			if err != nil || !reflect.DeepEqual(got, p) {
				t.Fatalf("after Update: %+v, %v; want %+v", got, err, p)
			}
			return nil
		})
	}},
	{"products: ByIDs finds what exists in one statement, skipping unknown and malformed ids", func(t *testing.T, s testStore) {
		ps := addProducts(t, s, "A", "B", "C")
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			got, err := r.Products().ByIDs(ctx, []string{ps[0].ID, strings.ToUpper(ps[2].ID), ids.New(), "'; DROP TABLE products; --"})
			if err != nil || len(got) != 3 || got[ps[0].ID].SKU != "A" || got[strings.ToUpper(ps[2].ID)].SKU != "C" {
				t.Fatalf("ByIDs = %v, %v", got, err)
			}
			none, err := r.Products().ByIDs(ctx, nil)
			if err != nil || len(none) != 0 {
				t.Fatalf("ByIDs(nil) = %v, %v", none, err)
			}
			return nil
		})
	}},
	{"products: unknown or malformed ids are PRODUCT_NOT_FOUND", func(t *testing.T, s testStore) {
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			for _, id := range []string{ids.New(), "not-a-uuid", ""} {
				_, err := r.Products().ByID(ctx, id)
				assertCode(t, "ByID("+id+")", err, errs.KindNotFound, domain.CodeProductNotFound)
			}
			err := r.Products().Update(ctx, domain.Product{ID: ids.New(), Name: "x", Price: eur(1), UpdatedAt: t0})
			assertCode(t, "Update(unknown)", err, errs.KindNotFound, domain.CodeProductNotFound)
			return nil
		})
	}},
}

func assertCode(t *testing.T, what string, err error, kind errs.Kind, code string) {
	t.Helper()
	if e, ok := errs.As(err); !ok || e.Kind != kind || e.Code != code {
		t.Fatalf("%s error = %v; want kind %d code %s", what, err, kind, code)
	}
}
