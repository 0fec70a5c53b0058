package application_test

import (
	"context"
	"slices"
	"testing"

	"github.com/modmono/orders/contract"
	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/orders/internal/infra/store"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
	"github.com/modmono/platform/outbox"
)

func TestPlaceOrderPricesFromTheCatalogueAndAnnouncesIt(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		mug, tea := h.product(t, "MUG", 1250), h.product(t, "TEA", 399)
		ann := customer()
		o, err := h.app.Commands.PlaceOrder.Handle(context.Background(), application.PlaceOrder{
			Actor: ann, Items: []domain.Line{{ProductID: tea.ID, Quantity: 3}, {ProductID: mug.ID, Quantity: 1}},
		})
		if err != nil {
			t.Fatal(err)
		}
		eur := func(a int64) money.Money { return money.Money{Amount: a, Currency: "EUR"} }
		if o.Status != "pending" || o.CustomerID != ann.UserID || o.Total != eur(2447) || len(o.Items) != 2 ||
			o.Items[0].LineTotal != eur(1197) || o.Items[0].SKU != "TEA" || o.Items[1].UnitPrice != eur(1250) {
			t.Fatalf("PlaceOrder = %+v", o)
		}
		// A later price change does not touch the order.
		price := eur(9999)
		if _, err := h.app.Commands.UpdateProduct.Handle(context.Background(), application.UpdateProduct{Actor: admin, ID: mug.ID, Price: &price}); err != nil {
			t.Fatal(err)
		}
		if got := h.get(t, o.ID); got.Total != o.Total || got.Items[1].UnitPrice != eur(1250) {
			t.Fatalf("the order changed with the catalogue: %+v", got)
		}
		events := h.events(t)
		if len(events) != 1 || events[0].Type != contract.EventOrderPlaced || events[0].AggregateID != o.ID ||
			events[0].Payload["customer_id"] != ann.UserID || len(events[0].Payload["items"].([]any)) != 2 {
			t.Fatalf("outbox = %+v; want one order_placed", events)
		}
	})
}

func TestPlaceOrderRejections(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx, off := context.Background(), false
		mug, yen, hidden := h.product(t, "MUG", 1250), h.product(t, "YEN", 500, "JPY"), h.product(t, "OLD", 1)
		if _, err := h.app.Commands.UpdateProduct.Handle(ctx, application.UpdateProduct{Actor: admin, ID: hidden.ID, Active: &off}); err != nil {
			t.Fatal(err)
		}
		place := func(lines ...domain.Line) error {
			_, err := h.app.Commands.PlaceOrder.Handle(ctx, application.PlaceOrder{Actor: customer(), Items: lines})
			return err
		}
		wantFields(t, place(domain.Line{ProductID: ids.New(), Quantity: 1}, domain.Line{ProductID: hidden.ID, Quantity: 1},
			domain.Line{ProductID: "not-an-id", Quantity: 1}),
			"items[0].product_id/unknown_product", "items[1].product_id/unknown_product", "items[2].product_id/unknown_product")
		wantFields(t, place(domain.Line{ProductID: mug.ID, Quantity: 1001}), "items[0].quantity/out_of_range")
		err := place(domain.Line{ProductID: mug.ID, Quantity: 1}, domain.Line{ProductID: yen.ID, Quantity: 1})
		wantCode(t, err, domain.CodeCurrencyMismatch)
		wantFields(t, place(), "items/required")
		wantFields(t, place(make([]domain.Line, 51)...), "items/too_long")
		if events := h.events(t); len(events) != 0 {
			t.Fatalf("rejected orders wrote events: %+v", events)
		}
	})
}

// TestPlaceOrderGivesUpWhenItsProductsKeepChanging: when Orders.Add refuses every attempt (an
// item no longer matched its product each time it was priced), placing the order ends in a 503
// to retry after its third attempt, with nothing stored.
func TestPlaceOrderGivesUpWhenItsProductsKeepChanging(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		mug := h.product(t, "MUG", 1250)
		uow := &refusingUnitOfWork{UnitOfWork: store.NewUnitOfWork(h.engines, nil)}
		place, err := application.NewPlaceOrderHandler(uow, h.clock)
		if err != nil {
			t.Fatal(err)
		}
		_, err = place.Handle(context.Background(), application.PlaceOrder{Actor: customer(),
			Items: []domain.Line{{ProductID: mug.ID, Quantity: 1}}})
		if got, ok := errs.As(err); !ok || got.Kind != errs.KindUnavailable || got.RetryAfter <= 0 || uow.adds != 3 {
			t.Fatalf("err %v after %d attempts; want SERVICE_UNAVAILABLE with Retry-After after 3", err, uow.adds)
		}
		if events := h.events(t); len(events) != 0 {
			t.Fatalf("a refused order wrote events: %+v", events)
		}
	})
}

// refusingUnitOfWork's Orders.Add stores nothing, as when the products changed under each order.
type refusingUnitOfWork struct {
	application.UnitOfWork
	adds int
}

func (u *refusingUnitOfWork) DoAutocommit(ctx context.Context, fn func(context.Context, application.Repositories) error) error {
	return u.UnitOfWork.DoAutocommit(ctx, func(ctx context.Context, r application.Repositories) error {
		return fn(ctx, refusingRepositories{Repositories: r, adds: &u.adds})
	})
}

type refusingRepositories struct {
	application.Repositories
	adds *int
}

func (r refusingRepositories) Orders() application.Orders {
	return refusingOrders{Orders: r.Repositories.Orders(), adds: r.adds}
}

type refusingOrders struct {
	application.Orders
	adds *int
}

func (o refusingOrders) Add(context.Context, domain.Order, ...outbox.Event) (bool, error) {
	*o.adds++
	return false, nil
}

func TestGetOrderShowsAnOrderToItsCustomerAndAdmins(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ann, bob := customer(), customer()
		o := h.order(t, ann, h.product(t, "A", 100))
		tests := []struct {
			name  string
			actor authn.Principal
			id    string
			want  string
		}{
			{"owner", ann, o.ID, ""},
			{"admin", admin, o.ID, ""},
			{"another customer gets a 404, not a 403", bob, o.ID, domain.CodeOrderNotFound},
			{"unknown id", admin, ids.New(), domain.CodeOrderNotFound},
			{"malformed id", admin, "1 OR 1=1", domain.CodeOrderNotFound},
		}
		for _, tt := range tests {
			got, err := h.app.Queries.GetOrder.Handle(context.Background(), application.GetOrder{Actor: tt.actor, ID: tt.id})
			wantCode(t, err, tt.want)
			if tt.want == "" && (got.ID != o.ID || got.Total != o.Total) {
				t.Fatalf("%s: got %+v", tt.name, got)
			}
		}
	})
}

func TestListOrders(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		ann, bob := customer(), customer()
		p := h.product(t, "A", 100)
		a1, b1, a2 := h.order(t, ann, p), h.order(t, bob, p), h.order(t, ann, p)
		if _, err := h.app.Commands.CancelOrder.Handle(ctx, application.CancelOrder{Actor: ann, ID: a1.ID}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			in   application.ListOrders
			want []string
		}{
			{"a customer sees their own", application.ListOrders{Actor: ann}, []string{a2.ID, a1.ID}},
			{"a customer's customer_id is ignored", application.ListOrders{Actor: ann, CustomerID: bob.UserID}, []string{a2.ID, a1.ID}},
			{"by status", application.ListOrders{Actor: ann, Status: "cancelled"}, []string{a1.ID}},
			{"an admin sees all", application.ListOrders{Actor: admin}, []string{a2.ID, b1.ID, a1.ID}},
			{"an admin filters by customer", application.ListOrders{Actor: admin, CustomerID: bob.UserID}, []string{b1.ID}},
			{"an admin filters by both", application.ListOrders{Actor: admin, CustomerID: ann.UserID, Status: "pending"}, []string{a2.ID}},
		}
		for _, tt := range tests {
			list, err := h.app.Queries.ListOrders.Handle(ctx, tt.in)
			var got []string
			for _, o := range list.Items {
				got = append(got, o.ID)
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Fatalf("%s: %v (%v); want %v", tt.name, got, err, tt.want)
			}
		}
		_, err := h.app.Queries.ListOrders.Handle(ctx, application.ListOrders{Actor: ann, Status: "shipped"})
		wantFields(t, err, "status/invalid")
		_, err = h.app.Queries.ListOrders.Handle(ctx, application.ListOrders{Actor: admin, CustomerID: "bob"})
		wantFields(t, err, "customer_id/invalid")
		_, err = h.app.Queries.ListOrders.Handle(ctx, application.ListOrders{})
		if errs.KindOf(err) != errs.KindUnauthenticated {
			t.Fatalf("listing with no actor: %v; want 401", err)
		}
	})
}
