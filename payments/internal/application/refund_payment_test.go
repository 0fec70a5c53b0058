package application_test

import (
	"context"
	"testing"

	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
)

func ptr[T any](v T) *T { return &v }

func TestRefundPayment(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		owner, p := h.paid(t) // 1000 EUR
		declined := customer()
		failed, _ := h.pay(declined, h.orders.Place(declined.UserID, eur(50)), "tok_chargeDeclined", "k")
		refund := func(in application.RefundPayment) (application.RefundView, error) {
			if in.Actor.UserID == "" {
				in.Actor = admin
			}
			if in.IdempotencyKey == "" {
				in.IdempotencyKey = ids.New()
			}
			return h.app.Commands.RefundPayment.Handle(ctx, in)
		}
		tests := []struct {
			name     string
			in       application.RefundPayment
			code     string
			fields   []string
			refunded int64 // the payment's refunded total afterwards
		}{
			{name: "a customer, even the owner, may not", in: application.RefundPayment{Actor: owner, PaymentID: p.ID}, code: errs.CodeForbidden},
			{name: "an unknown payment", in: application.RefundPayment{PaymentID: ids.New()}, code: domain.CodePaymentNotFound},
			{name: "zero", in: application.RefundPayment{PaymentID: p.ID, Amount: ptr(eur(0))}, code: errs.CodeValidationFailed, fields: []string{"amount.amount/out_of_range"}},
			{name: "another currency", in: application.RefundPayment{PaymentID: p.ID, Amount: &money.Money{Amount: 5, Currency: "USD"}}, code: errs.CodeValidationFailed, fields: []string{"amount.currency/invalid"}},
			{name: "a part", in: application.RefundPayment{PaymentID: p.ID, Amount: ptr(eur(300)), Reason: " damaged "}, refunded: 300},
			{name: "more than is left", in: application.RefundPayment{PaymentID: p.ID, Amount: ptr(eur(701))}, code: domain.CodeRefundExceedsPayment},
			{name: "the rest by default", in: application.RefundPayment{PaymentID: p.ID}, refunded: 1000},
			{name: "a fully refunded payment", in: application.RefundPayment{PaymentID: p.ID, Amount: ptr(eur(1))}, code: domain.CodePaymentNotRefundable},
			{name: "a failed payment", in: application.RefundPayment{PaymentID: failed.ID}, code: domain.CodePaymentNotRefundable},
			{name: "no idempotency key", in: application.RefundPayment{PaymentID: p.ID, IdempotencyKey: "-"}, code: domain.CodeIdempotencyKeyRequired},
		}
		for _, tt := range tests {
			if tt.in.IdempotencyKey == "-" {
				tt.in.Actor, tt.in.IdempotencyKey = admin, ""
				_, err := h.app.Commands.RefundPayment.Handle(ctx, tt.in)
				wantCode(t, err, tt.code)
				continue
			}
			r, err := refund(tt.in)
			wantCode(t, err, tt.code)
			if tt.fields != nil {
				wantFields(t, err, tt.fields...)
			}
			got, _ := h.app.Queries.GetPayment.Handle(ctx, application.GetPayment{Actor: admin, ID: p.ID})
			if tt.code == "" && (r.PaymentID != p.ID || got.RefundedAmount != eur(tt.refunded) || r.CreatedAt != start) {
				t.Fatalf("%s: refund %+v, payment %+v; want %d refunded", tt.name, r, got, tt.refunded)
			}
		}
		events := h.events(t)
		last := events[len(events)-1]
		if len(events) != 4 || last.Type != "payments.payment_refunded" || last.Payload["fully_refunded"] != true ||
			last.Payload["refunded_total"].(map[string]any)["amount"] != 1000.0 || last.Payload["amount"].(map[string]any)["amount"] != 700.0 {
			t.Fatalf("events %+v; want the refunds' events, the last one full", events)
		}
	})
}

func TestRefundPaymentWithTheSameKeyAnswersTheSameRefund(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		_, p := h.paid(t)
		_, q := h.paid(t)
		in := application.RefundPayment{Actor: admin, PaymentID: p.ID, Amount: ptr(eur(100)), Reason: "late", IdempotencyKey: "once"}
		first, err := h.app.Commands.RefundPayment.Handle(ctx, in)
		if err != nil || first.Reason != "late" || first.Amount != eur(100) {
			t.Fatalf("first refund: %+v, %v", first, err)
		}
		again, err := h.app.Commands.RefundPayment.Handle(ctx, in)
		if err != nil || again != first {
			t.Fatalf("same key: %+v, %v; want %+v", again, err, first)
		}
		in.PaymentID = q.ID
		_, err = h.app.Commands.RefundPayment.Handle(ctx, in)
		wantCode(t, err, domain.CodeIdempotencyKeyReused)
		got, _ := h.app.Queries.GetPayment.Handle(ctx, application.GetPayment{Actor: admin, ID: p.ID})
		if got.RefundedAmount != eur(100) || len(h.events(t)) != 3 {
			t.Fatalf("refunded %v with %d events; want 100 refunded once", got.RefundedAmount, len(h.events(t)))
		}
	})
}

func TestAProcessingPaymentCannotBeRefunded(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		who := customer()
		h.processor.loseNext(1)
		_, _ = h.pay(who, h.orders.Place(who.UserID, eur(100)), "tok_visa", "k")
		var id string
		row := h.engines.Read.QueryRowContext(context.Background(), "SELECT id FROM payments")
		if err := row.Scan(&id); err != nil {
			t.Fatal(err)
		}
		_, err := h.app.Commands.RefundPayment.Handle(context.Background(), application.RefundPayment{Actor: admin, PaymentID: id, IdempotencyKey: "r"})
		wantCode(t, err, domain.CodePaymentNotFound)
	})
}
