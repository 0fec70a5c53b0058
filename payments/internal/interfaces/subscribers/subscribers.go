// Package subscribers is the payments context's interface to other contexts' integration
// events: it decodes each event it subscribes to and runs the command that answers it.
package subscribers

import (
	"context"

	orders "github.com/modmono/orders/contract"
	"github.com/modmono/payments/internal/application"
	"github.com/modmono/platform/outbox"
)

// Subscribe registers the payments context's handlers with the broker, as subscriber
// application.Subscriber, the name its inbox records handled events under.
func Subscribe(b outbox.Subscriber, app *application.Application) {
	b.Subscribe(application.Subscriber, orders.EventOrderCancelled, orderCancelled(app))
}

// orderCancelled refunds a cancelled order that had been paid. The command deduplicates by
// event id in its own transaction, so a redelivered event refunds nothing more.
func orderCancelled(app *application.Application) outbox.Handler {
	return func(ctx context.Context, e outbox.Event) error {
		var p orders.OrderCancelled
		if err := outbox.Decode(e, outbox.Version(orders.EventVersion, &p)); err != nil {
			// Returned rather than skipped, for a version this subscriber does not know too: the
			// delivery is retried, then parked for an operator, instead of a paid order silently
			// never being refunded.
			return err
		}
		if !p.RefundRequired {
			return nil
		}
		_, err := app.Commands.RefundCancelledOrder.Handle(ctx, application.RefundCancelledOrder{
			EventID: e.ID, OrderID: p.OrderID, PaymentID: p.PaymentID,
		})
		return err
	}
}
