package subscribers_test

import (
	"strings"
	"testing"

	"github.com/modmono/migrations/migrationstest"
	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/interfaces/subscribers"
	payments "github.com/modmono/payments/contract"
	"github.com/modmono/platform/broker/natsjs/natstest"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
	"github.com/modmono/platform/outbox"
	"github.com/modmono/platform/outbox/outboxtest"
)

// TestAnEventOfAnUnknownVersionIsParkedAndNothingApplied: a payments event of a version orders
// does not read, with a payload that would move the order, fails every delivery and ends parked
// with an error naming the version and the known one; the order stays as it was. In process the
// payments relay parks it; over NATS the orders subscriber parks it in orders' own outbox.
func TestAnEventOfAnUnknownVersionIsParkedAndNothingApplied(t *testing.T) {
	t.Parallel()
	eur := money.Money{Amount: 100, Currency: "EUR"}
	future := map[string]func(orderID string) (string, any){
		"payment_succeeded": func(orderID string) (string, any) {
			return payments.EventPaymentSucceeded, payments.PaymentSucceeded{PaymentID: ids.New(), OrderID: orderID, Amount: eur}
		},
		"payment_refunded": func(orderID string) (string, any) {
			return payments.EventPaymentRefunded, payments.PaymentRefunded{PaymentID: ids.New(), OrderID: orderID, Amount: eur,
				RefundedTotal: eur, FullyRefunded: true}
		},
	}
	paths := map[string]func(t *testing.T, f fixture, e outbox.Event) outbox.ParkedEvent{
		"in process": func(t *testing.T, f fixture, e outbox.Event) outbox.ParkedEvent {
			return outboxtest.RelayUntilParked(t, migrationstest.Open(t, f.dialect, "payments"), f.broker, e)
		},
		"over NATS": func(t *testing.T, f fixture, e outbox.Event) outbox.ParkedEvent {
			p := natstest.ParkedDelivery(t, f.engines, func(s outbox.Subscriber) { subscribers.Subscribe(s, f.app) }, e)
			if p.Subscriber != application.Subscriber {
				t.Errorf("parked for subscriber %q; want %q", p.Subscriber, application.Subscriber)
			}
			return p
		},
	}
	eachDialect(t, func(t *testing.T, f fixture) {
		for name, payload := range future {
			for path, park := range paths {
				t.Run(name+" "+path, func(t *testing.T) {
					orderID := f.order(t)
					typ, body := payload(orderID)
					got := park(t, f, event(t, typ, 99, body))
					want := "is version 99; this subscriber knows version 1"
					if !strings.Contains(got.LastError, want) {
						t.Errorf("last error %q; want it to contain %q", got.LastError, want)
					}
					if s := f.status(t, orderID); s != "pending" {
						t.Errorf("order %s after the event; want pending", s)
					}
				})
			}
		}
	})
}
