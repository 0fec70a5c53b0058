package application_test

import (
	"context"
	"strings"
	"testing"

	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/domain"
)

// A retry whose first answer was lost (the middleware could not replay it) gets the order the
// first run placed, even after the catalogue changed, and no second order_placed event.
func TestAPlaceOrderRetryFindsTheOrderItsKeyPlaced(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx, ann, off := context.Background(), customer(), false
		mug, tea := h.product(t, "MUG", 100), h.product(t, "TEA", 200)
		in := application.PlaceOrder{Actor: ann, IdempotencyKey: "key-1", Items: []domain.Line{{ProductID: mug.ID, Quantity: 2}}}
		first, err := h.app.Commands.PlaceOrder.Handle(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		in.Items[0].ProductID = strings.ToUpper(mug.ID) // the same product, spelt differently
		again, err := h.app.Commands.PlaceOrder.Handle(ctx, in)
		if err != nil || again.ID != first.ID {
			t.Fatalf("retry = %+v, %v; want order %s", again, err, first.ID)
		}
		if _, err := h.app.Commands.UpdateProduct.Handle(ctx, application.UpdateProduct{Actor: admin, ID: mug.ID, Active: &off}); err != nil {
			t.Fatal(err)
		}
		late, err := h.app.Commands.PlaceOrder.Handle(ctx, in)
		if err != nil || late.ID != first.ID {
			t.Fatalf("retry after the product left the catalogue = %+v, %v; want order %s", late, err, first.ID)
		}
		other := application.PlaceOrder{Actor: ann, IdempotencyKey: "key-1", Items: []domain.Line{{ProductID: tea.ID, Quantity: 1}}}
		_, err = h.app.Commands.PlaceOrder.Handle(ctx, other)
		wantCode(t, err, "IDEMPOTENCY_KEY_REUSED")
		// Keys are per customer: another customer's key-1 is a new order.
		if o, err := h.app.Commands.PlaceOrder.Handle(ctx, application.PlaceOrder{Actor: customer(), IdempotencyKey: "key-1",
			Items: other.Items}); err != nil || o.ID == first.ID {
			t.Fatalf("another customer's key-1 = %+v, %v; want a new order", o, err)
		}
		if n := len(h.events(t)); n != 2 {
			t.Fatalf("%d order_placed events; want 2 (one per order)", n)
		}
	})
}
