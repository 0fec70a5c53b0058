package application_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/page"
)

// The process charged, committed nothing more and never answered: the retry with the same key
// finds the payment, asks the processor again under the payment's id, and charges nothing more.
func TestARetryAfterALostAnswerReturnsTheSamePaymentChargedOnce(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		who := customer()
		orderID := h.orders.Place(who.UserID, eur(2500))
		h.processor.loseNext(1)
		_, err := h.pay(who, orderID, "tok_visa", "k")
		if e, ok := errs.As(err); !ok || e.Kind != errs.KindUnavailable || e.RetryAfter <= 0 {
			t.Fatalf("lost answer: %v; want a 503 with Retry-After", err)
		}
		hidden, err := h.app.Queries.ListPayments.Handle(context.Background(), application.ListPayments{Actor: who})
		if err != nil || len(hidden.Items) != 0 {
			t.Fatalf("a processing payment was listed: %+v, %v", hidden.Items, err)
		}
		_, err = h.pay(who, orderID, "tok_visa", "another key")
		wantCode(t, err, domain.CodeOrderNotPayable)

		p, err := h.pay(who, orderID, "tok_visa", "k")
		if err != nil || p.Status != "succeeded" || p.Amount != eur(2500) {
			t.Fatalf("retry: %+v, %v", p, err)
		}
		again, err := h.pay(who, orderID, "tok_visa", "k")
		if err != nil || again.ID != p.ID {
			t.Fatalf("second retry: %+v, %v; want %s", again, err, p.ID)
		}
		if n := h.simulator.Charges(); n != 1 {
			t.Fatalf("charges = %d; want 1", n)
		}
		if got := types(h.events(t)); !slices.Equal(got, []string{"payments.payment_succeeded"}) {
			t.Fatalf("events %v; want one payment_succeeded", got)
		}
	})
}

func TestRecoverPaymentsCompletesInterruptedChargesOnce(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		who := customer()
		visa := h.orders.Place(who.UserID, eur(100))
		declined := h.orders.Place(who.UserID, eur(100))
		h.processor.loseNext(2)
		for order, token := range map[string]string{visa: "tok_visa", declined: "tok_chargeDeclined"} {
			if _, err := h.pay(who, order, token, order); errs.KindOf(err) != errs.KindUnavailable {
				t.Fatalf("pay %s: %v; want a 503", token, err)
			}
		}
		recoverNow := func() int {
			n, err := h.app.Commands.RecoverPayments.Handle(ctx, application.RecoverPayments{})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := recoverNow(); n != 0 {
			t.Fatalf("recovered %d payments still within their request's time; want 0", n)
		}
		h.clock.Advance(application.DefaultConfig().RecoverAfter + time.Second)
		if n := recoverNow(); n != 2 {
			t.Fatalf("recovered %d; want 2", n)
		}
		if n := recoverNow(); n != 0 {
			t.Fatalf("recovered %d on the second run; want 0", n)
		}
		list, err := h.app.Queries.ListPayments.Handle(ctx, application.ListPayments{Actor: who, Page: page.Request{Limit: 10}})
		if err != nil || len(list.Items) != 2 {
			t.Fatalf("list after recovery: %+v, %v", list, err)
		}
		statuses := []string{list.Items[0].Status, list.Items[1].Status}
		slices.Sort(statuses)
		if !slices.Equal(statuses, []string{"failed", "succeeded"}) {
			t.Fatalf("statuses %v; want one failed and one succeeded", statuses)
		}
		p, err := h.pay(who, visa, "tok_visa", visa) // the client's retry, after recovery
		if err != nil || p.Status != "succeeded" {
			t.Fatalf("retry after recovery: %+v, %v", p, err)
		}
		if n, events := h.simulator.Charges(), h.events(t); n != 2 || len(events) != 2 {
			t.Fatalf("charges %d, events %v; want 2 and 2", n, types(events))
		}
	})
}

// A processor that keeps failing leaves the payment for the next run, and says so.
func TestRecoverPaymentsReportsWhatItCouldNotSettle(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		who := customer()
		h.processor.loseNext(2)
		_, _ = h.pay(who, h.orders.Place(who.UserID, eur(100)), "tok_visa", "k")
		h.clock.Advance(time.Hour)
		n, err := h.app.Commands.RecoverPayments.Handle(context.Background(), application.RecoverPayments{})
		if n != 0 || err == nil {
			t.Fatalf("recover = %d, %v; want 0 and the processor's error", n, err)
		}
		if n, err := h.app.Commands.RecoverPayments.Handle(context.Background(), application.RecoverPayments{}); n != 1 || err != nil {
			t.Fatalf("second recover = %d, %v; want 1", n, err)
		}
	})
}
