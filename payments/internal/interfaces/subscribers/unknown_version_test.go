package subscribers_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/modmono/migrations/migrationstest"
	orders "github.com/modmono/orders/contract"
	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/interfaces/subscribers"
	"github.com/modmono/platform/broker/natsjs/natstest"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
	"github.com/modmono/platform/outbox"
	"github.com/modmono/platform/outbox/outboxtest"
)

// futureCancellation is an order_cancelled of a version payments does not read, with a payload
// that would ask for a refund if it were read as version 1.
func futureCancellation(t *testing.T) outbox.Event {
	t.Helper()
	return cancelled(t, 99, orders.OrderCancelled{OrderID: ids.New(), WasPaid: true, RefundRequired: true, PaymentID: ids.New(),
		Total: money.Money{Amount: 1000, Currency: "EUR"}})
}

func TestAnOrderCancelledOfAnUnknownVersionFailsTheDelivery(t *testing.T) {
	t.Parallel()
	b, rec := subscribed(t)
	err := b.Publish(context.Background(), futureCancellation(t))
	if !errors.Is(err, outbox.ErrUnknownVersion) || len(rec.calls) != 0 {
		t.Fatalf("publish = %v with %d refunds; want %v and no refund", err, len(rec.calls), outbox.ErrUnknownVersion)
	}
}

// TestAnOrderCancelledOfAnUnknownVersionIsParkedAndRefundsNothing: every delivery fails, and
// the event ends parked with an error naming the version and the known one. In process the
// orders relay parks it; over NATS the payments subscriber parks it in payments' own outbox.
func TestAnOrderCancelledOfAnUnknownVersionIsParkedAndRefundsNothing(t *testing.T) {
	t.Parallel()
	paths := map[string]func(t *testing.T, d db.Dialect) (outbox.ParkedEvent, *recorder){
		"in process": func(t *testing.T, d db.Dialect) (outbox.ParkedEvent, *recorder) {
			b, rec := subscribed(t)
			return outboxtest.RelayUntilParked(t, migrationstest.Open(t, d, "orders"), b, futureCancellation(t)), rec
		},
		"over NATS": func(t *testing.T, d db.Dialect) (outbox.ParkedEvent, *recorder) {
			rec := &recorder{}
			p := natstest.ParkedDelivery(t, migrationstest.Open(t, d, "payments"),
				func(s outbox.Subscriber) { subscribers.Subscribe(s, recordingApp(rec)) }, futureCancellation(t))
			if p.Subscriber != application.Subscriber {
				t.Errorf("parked for subscriber %q; want %q", p.Subscriber, application.Subscriber)
			}
			return p, rec
		},
	}
	for _, d := range dbtest.Dialects() {
		for path, park := range paths {
			t.Run(string(d)+" "+path, func(t *testing.T) {
				t.Parallel()
				got, rec := park(t, d)
				if want := "is version 99; this subscriber knows version 1"; !strings.Contains(got.LastError, want) {
					t.Errorf("last error %q; want it to contain %q", got.LastError, want)
				}
				if n := rec.count(); n != 0 {
					t.Errorf("%d refunds asked for; want none", n)
				}
			})
		}
	}
}
