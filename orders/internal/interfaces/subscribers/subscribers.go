// Package subscribers is the orders context's interface to other contexts' integration events:
// it decodes each event it subscribes to and runs the command that acts on it.
package subscribers

import (
	"context"

	"github.com/modmono/orders/internal/application"
	payments "github.com/modmono/payments/contract"
	"github.com/modmono/platform/outbox"
)

// Subscribe registers every orders handler with b (the in-process LocalBroker, or a message
// broker's client) under the subscriber name application.Subscriber, the name its inbox
// entries are recorded under. Each handler reads its event with outbox.Decode: a version it does
// not know, or a payload it cannot read, fails the delivery, which is retried and then parked
// for an operator, rather than orders acting on a guess.
func Subscribe(b outbox.Subscriber, app *application.Application) {
	b.Subscribe(application.Subscriber, payments.EventPaymentSucceeded, PaymentSucceeded(app))
	b.Subscribe(application.Subscriber, payments.EventPaymentRefunded, PaymentRefunded(app))
}

// PaymentSucceeded marks the payment's order paid (or, if a cancel got there first, asks for
// the money back). The command records the event in the inbox in its own transaction.
func PaymentSucceeded(app *application.Application) outbox.Handler {
	return func(ctx context.Context, e outbox.Event) error {
		var p payments.PaymentSucceeded
		if err := outbox.Decode(e, outbox.Version(payments.EventVersion, &p)); err != nil {
			return err
		}
		_, err := app.Commands.MarkOrderPaid.Handle(ctx, application.MarkOrderPaid{
			EventID: e.ID, OrderID: p.OrderID, PaymentID: p.PaymentID,
		})
		return err
	}
}

// PaymentRefunded moves the order to refunded once its payment is refunded in full.
func PaymentRefunded(app *application.Application) outbox.Handler {
	return func(ctx context.Context, e outbox.Event) error {
		var p payments.PaymentRefunded
		if err := outbox.Decode(e, outbox.Version(payments.EventVersion, &p)); err != nil {
			return err
		}
		_, err := app.Commands.MarkOrderRefunded.Handle(ctx, application.MarkOrderRefunded{
			EventID: e.ID, OrderID: p.OrderID, FullyRefunded: p.FullyRefunded,
		})
		return err
	}
}
