package application_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	orders "github.com/modmono/orders/contract"
	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/sqlcount"
)

func TestPayOrderChargesTheOrdersTotal(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		tests := []struct {
			token, status, failure, event string
		}{
			{"tok_visa", "succeeded", "", "payments.payment_succeeded"},
			{"tok_chargeDeclined", "failed", "card_declined", "payments.payment_failed"},
			{"tok_insufficientFunds", "failed", "insufficient_funds", "payments.payment_failed"},
		}
		for i, tt := range tests {
			who := customer()
			orderID := h.orders.Place(who.UserID, eur(1999))
			ctx, statements := sqlcount.Start(context.Background())
			p, err := h.app.Commands.PayOrder.Handle(ctx, application.PayOrder{
				Actor: who, OrderID: strings.ToUpper(orderID), Method: application.Method{Type: "card", Token: tt.token}, IdempotencyKey: "k",
			})
			if err != nil {
				t.Fatalf("%s: %v", tt.token, err)
			}
			failure := ""
			if p.FailureCode != nil {
				failure = *p.FailureCode
			}
			if p.Status != tt.status || failure != tt.failure || p.Amount != eur(1999) || p.RefundedAmount != eur(0) ||
				p.OrderID != orderID || p.CustomerID != who.UserID || !p.CreatedAt.Equal(start) {
				t.Fatalf("%s: paid %+v; want %s/%q of 1999 EUR", tt.token, p, tt.status, tt.failure)
			}
			// Two transactions: store the payment, then its outcome with the event.
			if n := statements.Count(); n > 7 {
				t.Fatalf("%s: %d statements; want at most 7", tt.token, n)
			}
			events := h.events(t)
			if len(events) != i+1 || events[i].Type != tt.event || events[i].AggregateID != p.ID || events[i].Payload["order_id"] != orderID {
				t.Fatalf("%s: events %+v; want %s for %s", tt.token, events, tt.event, p.ID)
			}
			stored, err := h.app.Queries.GetPayment.Handle(context.Background(), application.GetPayment{Actor: who, ID: p.ID})
			if err != nil || stored.Status != p.Status {
				t.Fatalf("%s: read back %+v, %v", tt.token, stored, err)
			}
		}
		if got := h.simulator.Charges(); got != 3 {
			t.Fatalf("charges = %d; want 3", got)
		}
	})
}

func TestPayOrderRefusals(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		who, other := customer(), customer()
		mine := h.orders.Place(who.UserID, eur(500))
		theirs := h.orders.Place(other.UserID, eur(500))
		paidOrder := h.orders.Place(who.UserID, eur(500))
		h.orders.SetStatus(paidOrder, orders.StatusPaid)
		free := h.orders.Place(who.UserID, eur(0))
		tests := []struct {
			name   string
			in     application.PayOrder
			code   string
			fields []string
		}{
			{name: "someone else's order is not found", in: application.PayOrder{Actor: who, OrderID: theirs}, code: domain.CodeOrderNotFound},
			{name: "an admin cannot pay another's order", in: application.PayOrder{Actor: admin, OrderID: theirs}, code: domain.CodeOrderNotFound},
			{name: "an unknown order", in: application.PayOrder{Actor: who, OrderID: ids.New()}, code: domain.CodeOrderNotFound},
			{name: "a paid order", in: application.PayOrder{Actor: who, OrderID: paidOrder}, code: domain.CodeOrderNotPayable},
			{name: "nothing to pay", in: application.PayOrder{Actor: who, OrderID: free}, code: domain.CodeOrderNotPayable},
			{name: "an unknown token", in: application.PayOrder{Actor: who, OrderID: mine, Method: application.Method{Type: "card", Token: "tok_amex"}},
				code: errs.CodeValidationFailed, fields: []string{"payment_method.token/invalid"}},
			{name: "every bad field at once", in: application.PayOrder{Actor: who, OrderID: "42", Method: application.Method{Type: "iban"}},
				code: errs.CodeValidationFailed, fields: []string{"order_id/invalid", "payment_method.type/invalid", "payment_method.token/required"}},
			{name: "no idempotency key", in: application.PayOrder{Actor: who, OrderID: mine, IdempotencyKey: "-"}, code: domain.CodeIdempotencyKeyRequired},
		}
		for _, tt := range tests {
			if tt.in.Method == (application.Method{}) {
				tt.in.Method = application.Method{Type: "card", Token: "tok_visa"}
			}
			switch tt.in.IdempotencyKey {
			case "": // a fresh key unless the case says otherwise
				tt.in.IdempotencyKey = ids.New()
			case "-": // no key at all
				tt.in.IdempotencyKey = ""
			}
			_, err := h.app.Commands.PayOrder.Handle(context.Background(), tt.in)
			wantCode(t, err, tt.code)
			if tt.fields != nil {
				wantFields(t, err, tt.fields...)
			}
		}
		if n := h.simulator.Charges(); n != 0 || len(h.events(t)) != 0 {
			t.Fatalf("refused payments charged %d times and left events %v", n, h.events(t))
		}
	})
}

func TestAFailedPaymentLeavesTheOrderPayableWithANewKey(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		who := customer()
		orderID := h.orders.Place(who.UserID, eur(700))
		failed, err := h.pay(who, orderID, "tok_chargeDeclined", "first")
		if err != nil || failed.Status != "failed" {
			t.Fatalf("first attempt: %+v, %v", failed, err)
		}
		again, err := h.pay(who, orderID, "tok_visa", "first") // the same key answers the same payment
		if err != nil || again.ID != failed.ID || again.Status != "failed" {
			t.Fatalf("same key: %+v, %v; want the failed payment %s", again, err, failed.ID)
		}
		ok, err := h.pay(who, orderID, "tok_visa", "second")
		if err != nil || ok.Status != "succeeded" || ok.ID == failed.ID {
			t.Fatalf("new key: %+v, %v; want a new, succeeded payment", ok, err)
		}
		_, err = h.pay(who, orderID, "tok_visa", "third")
		wantCode(t, err, domain.CodeOrderNotPayable)
		if got := types(h.events(t)); !slices.Equal(got, []string{"payments.payment_failed", "payments.payment_succeeded"}) {
			t.Fatalf("events %v", got)
		}
	})
}

func TestTheSameKeyAnswersTheSamePaymentAndChargesOnce(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		who := customer()
		orderID := h.orders.Place(who.UserID, eur(1200))
		first, err := h.pay(who, orderID, "tok_visa", "retry-me")
		if err != nil {
			t.Fatal(err)
		}
		h.orders.SetStatus(orderID, orders.StatusPaid) // the succeeded event reached orders meanwhile
		again, err := h.pay(who, orderID, "tok_visa", "retry-me")
		if err != nil || again != first {
			t.Fatalf("retry = %+v, %v; want %+v", again, err, first)
		}
		_, err = h.pay(who, h.orders.Place(who.UserID, eur(5)), "tok_visa", "retry-me")
		wantCode(t, err, domain.CodeIdempotencyKeyReused)
		// Keys are scoped to the customer: another customer's "retry-me" is a key of its own.
		other := customer()
		if p, err := h.pay(other, h.orders.Place(other.UserID, eur(5)), "tok_visa", "retry-me"); err != nil || p.ID == first.ID {
			t.Fatalf("another customer's key: %+v, %v", p, err)
		}
		if n := h.simulator.Charges(); n != 2 {
			t.Fatalf("charges = %d; want 2 (one per customer)", n)
		}
	})
}
