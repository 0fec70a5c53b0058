package subscribers_test

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"

	orders "github.com/modmono/orders/contract"
	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/interfaces/subscribers"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
	"github.com/modmono/platform/outbox"
)

// recorder stands in for the RefundCancelledOrder command and records what it was asked.
type recorder struct {
	mu    sync.Mutex
	calls []application.RefundCancelledOrder
}

func (r *recorder) Handle(_ context.Context, in application.RefundCancelledOrder) (struct{}, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, in)
	return struct{}{}, nil
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.calls)
}

// recordingApp is the payments application with rec as its RefundCancelledOrder command.
func recordingApp(rec *recorder) *application.Application {
	return &application.Application{Commands: application.Commands{RefundCancelledOrder: bus.HandlerFunc[application.RefundCancelledOrder, struct{}](rec.Handle)}}
}

func subscribed(t *testing.T) (*outbox.LocalBroker, *recorder) {
	t.Helper()
	rec := &recorder{}
	b := &outbox.LocalBroker{}
	subscribers.Subscribe(b, recordingApp(rec))
	return b, rec
}

func cancelled(t *testing.T, version int, payload any) outbox.Event {
	t.Helper()
	e, err := outbox.NewEvent(context.Background(), clock.NewManual(time.Now()), orders.EventOrderCancelled, version, ids.New(), payload)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestAnOrderCancelledThatNeedsARefundRunsTheRefund(t *testing.T) {
	t.Parallel()
	total := money.Money{Amount: 1000, Currency: "EUR"}
	orderID, paymentID := ids.New(), ids.New()
	tests := []struct {
		name  string
		event func(t *testing.T) outbox.Event
		want  []string // order ids refunded
	}{
		{"a paid order", func(t *testing.T) outbox.Event {
			return cancelled(t, 1, orders.OrderCancelled{OrderID: orderID, WasPaid: true, RefundRequired: true, PaymentID: paymentID, Total: total})
		}, []string{orderID}},
		{"an unpaid order", func(t *testing.T) outbox.Event {
			return cancelled(t, 1, orders.OrderCancelled{OrderID: orderID, Total: total})
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, rec := subscribed(t)
			e := tt.event(t)
			if err := b.Publish(context.Background(), e); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range rec.calls {
				got = append(got, c.OrderID)
				if c.EventID != e.ID || c.PaymentID != paymentID {
					t.Fatalf("command %+v; want event %s and payment %s", c, e.ID, paymentID)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("refunded %v; want %v", got, tt.want)
			}
		})
	}
}

func TestAnUndecodableOrderCancelledFailsSoTheRelayRetriesIt(t *testing.T) {
	t.Parallel()
	b, rec := subscribed(t)
	e := cancelled(t, 1, map[string]any{})
	e.Payload = json.RawMessage(`{"order_id": 42}`)
	if err := b.Publish(context.Background(), e); err == nil || len(rec.calls) != 0 {
		t.Fatalf("publish = %v with %d calls; want an error and no refund", err, len(rec.calls))
	}
}
