package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/page"
	"github.com/modmono/platform/sqlcount"
)

var productViewSpecs = []spec{
	{"product views: by id, PRODUCT_NOT_FOUND otherwise", func(t *testing.T, s testStore) {
		p := addProducts(t, s, "A")[0]
		got, err := s.products.ProductByID(context.Background(), p.ID)
		if err != nil || got.ID != p.ID || got.SKU != "A" || got.Price != p.Price || !got.Active || !got.CreatedAt.Equal(t0) {
			t.Fatalf("ProductByID = %+v, %v", got, err)
		}
		for _, id := range []string{ids.New(), "x"} {
			_, err := s.products.ProductByID(context.Background(), id)
			assertCode(t, "ProductByID("+id+")", err, errs.KindNotFound, domain.CodeProductNotFound)
		}
	}},
	{"product views: the active list skips inactive products, the full list does not", func(t *testing.T, s testStore) {
		ps := addProducts(t, s, "A", "B", "C")
		ps[1].Active = false
		do(t, s, func(ctx context.Context, r application.Repositories) error { return r.Products().Update(ctx, ps[1]) })
		ctx, statements := sqlcount.Start(context.Background())
		active, err := s.products.ListProducts(ctx, false, page.Request{Limit: 10})
		if err != nil || statements.Count() != 1 {
			t.Fatalf("ListProducts ran %d statements (%v); want 1", statements.Count(), err)
		}
		all, _ := s.products.ListProducts(context.Background(), true, page.Request{Limit: 10})
		if got := skus(active); !slices.Equal(got, []string{"C", "A"}) {
			t.Fatalf("active list = %v; want [C A]", got)
		}
		if got := skus(all); !slices.Equal(got, []string{"C", "B", "A"}) {
			t.Fatalf("full list = %v; want [C B A]", got)
		}
	}},
	{"product views: pages follow the cursor; a bad cursor is a 422", func(t *testing.T, s testStore) {
		addProducts(t, s, "A", "B", "C")
		rows, _ := s.products.ListProducts(context.Background(), false, page.Request{Limit: 2})
		p := page.Build(rows, page.Request{Limit: 2}, func(v application.ProductView) string { return v.ID })
		if p.NextCursor == nil || !slices.Equal(skus(p.Items), []string{"C", "B"}) {
			t.Fatalf("first page %v next %v", skus(p.Items), p.NextCursor)
		}
		req, _ := page.Parse("2", *p.NextCursor)
		rows, _ = s.products.ListProducts(context.Background(), false, req)
		if !slices.Equal(skus(rows), []string{"A"}) {
			t.Fatalf("second page %v; want [A]", skus(rows))
		}
		_, err := s.products.ListProducts(context.Background(), false, page.Request{Limit: 2, After: "nope"})
		assertCode(t, "a bad cursor", err, errs.KindInvalid, errs.CodeValidationFailed)
	}},
}

var orderViewSpecs = []spec{
	{"order views: by id with items, ORDER_NOT_FOUND otherwise", func(t *testing.T, s testStore) {
		ps := addProducts(t, s, "A", "B")
		o := newOrder(t, ids.New(), ps[1], ps[0])
		addOrders(t, s, o)
		ctx, statements := sqlcount.Start(context.Background())
		got, err := s.orders.OrderByID(ctx, o.ID)
		if err != nil || statements.Count() != 1 {
			t.Fatalf("OrderByID ran %d statements (%v); want 1", statements.Count(), err)
		}
		if got.ID != o.ID || got.CustomerID != o.CustomerID || got.Status != "pending" || got.Total != o.Total ||
			len(got.Items) != 2 || got.Items[0].SKU != "B" || got.Items[1].Quantity != 2 || got.Items[1].LineTotal != eur(200) {
			t.Fatalf("OrderByID = %+v; want %+v", got, o)
		}
		for _, id := range []string{ids.New(), "x"} {
			_, err := s.orders.OrderByID(context.Background(), id)
			assertCode(t, "OrderByID("+id+")", err, errs.KindNotFound, domain.CodeOrderNotFound)
		}
	}},
	{"order views: lists filter by customer and status, page by order, newest first", func(t *testing.T, s testStore) {
		ps := addProducts(t, s, "A", "B", "C")
		ann, bob := ids.New(), ids.New()
		orders := []domain.Order{newOrder(t, ann, ps...), newOrder(t, bob, ps[0]), newOrder(t, ann, ps[1], ps[2]), newOrder(t, bob, ps...)}
		addOrders(t, s, orders...)
		cancelled := orders[2]
		cancelled.Cancel(t0) //nolint:errcheck // pending: always cancellable
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			_, err := r.Orders().Update(ctx, cancelled)
			return err
		})
		id := func(i int) string { return orders[i].ID }
		tests := []struct {
			name string
			f    application.OrderFilter
			want []string
		}{
			{"everyone's", application.OrderFilter{}, []string{id(3), id(2), id(1), id(0)}},
			{"ann's", application.OrderFilter{CustomerID: ann}, []string{id(2), id(0)}},
			{"pending", application.OrderFilter{Status: domain.StatusPending}, []string{id(3), id(1), id(0)}},
			{"ann's cancelled", application.OrderFilter{CustomerID: ann, Status: domain.StatusCancelled}, []string{id(2)}},
			{"bob's refunded", application.OrderFilter{CustomerID: bob, Status: domain.StatusRefunded}, nil},
		}
		for _, tt := range tests {
			ctx, statements := sqlcount.Start(context.Background())
			got, err := s.orders.ListOrders(ctx, tt.f, page.Request{Limit: 10})
			if err != nil || !slices.Equal(orderIDs(got), tt.want) || statements.Count() != 1 {
				t.Fatalf("%s: %v (%d statements, %v); want %v", tt.name, orderIDs(got), statements.Count(), err, tt.want)
			}
		}
		// A page of 2 fetches 3 orders (one to prove a next page), each with all its items: the
		// limit counts orders, not rows.
		got, _ := s.orders.ListOrders(context.Background(), application.OrderFilter{}, page.Request{Limit: 2})
		if len(got) != 3 || len(got[0].Items) != 3 || len(got[1].Items) != 2 || len(got[2].Items) != 1 {
			t.Fatalf("a page of 2 orders: %d orders, items %v", len(got), got)
		}
		got, _ = s.orders.ListOrders(context.Background(), application.OrderFilter{}, page.Request{Limit: 10, After: id(2)})
		if !slices.Equal(orderIDs(got), []string{id(1), id(0)}) {
			t.Fatalf("after order 2: %v", orderIDs(got))
		}
	}},
}

func skus(views []application.ProductView) []string {
	var out []string
	for _, v := range views {
		out = append(out, v.SKU)
	}
	return out
}

func orderIDs(views []application.OrderView) []string {
	var out []string
	for _, v := range views {
		out = append(out, v.ID)
	}
	return out
}
