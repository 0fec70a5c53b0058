package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/page"
	"github.com/modmono/platform/sqlcount"
)

var viewSpecs = []spec{
	{"read model: PaymentByID answers the view of a settled payment only", func(t *testing.T, s testStore) {
		declined := add(t, s, &domain.ChargeOutcome{FailureCode: "card_declined"}, newPayment())[0]
		pending := add(t, s, nil, newPayment())[0]
		got, err := s.views.PaymentByID(context.Background(), declined.ID)
		if err != nil || got.Status != "failed" || got.FailureCode == nil || *got.FailureCode != "card_declined" ||
			got.Amount != eur(1000) || got.RefundedAmount != eur(0) || got.CustomerID != declined.CustomerID ||
			got.OrderID != declined.OrderID || !got.CreatedAt.Equal(declined.CreatedAt) || !got.UpdatedAt.Equal(declined.UpdatedAt) {
			t.Fatalf("PaymentByID = %+v, %v; want the view of %+v", got, err, declined)
		}
		for _, id := range []string{pending.ID, ids.New(), "1; DROP TABLE payments"} {
			_, err := s.views.PaymentByID(context.Background(), id)
			assertCode(t, "PaymentByID("+id+")", err, errs.KindNotFound, domain.CodePaymentNotFound)
		}
	}},
	{"read model: lists filter by customer and order, newest first, in one statement", func(t *testing.T, s testStore) {
		ps := []domain.Payment{newPayment(), newPayment(), newPayment(), newPayment()}
		ps[1].CustomerID = ps[0].CustomerID
		ps[2].CustomerID, ps[2].OrderID = ps[0].CustomerID, ps[0].OrderID // paid again after a failure
		add(t, s, &domain.ChargeOutcome{FailureCode: "card_declined"}, ps[0])
		add(t, s, succeeded, ps[1:]...)
		add(t, s, nil, newPayment()) // processing: never listed
		tests := []struct {
			name   string
			filter application.PaymentFilter
			want   []domain.Payment
		}{
			{"everyone's", application.PaymentFilter{}, []domain.Payment{ps[3], ps[2], ps[1], ps[0]}},
			{"a customer's", application.PaymentFilter{CustomerID: ps[0].CustomerID}, []domain.Payment{ps[2], ps[1], ps[0]}},
			{"an order's", application.PaymentFilter{OrderID: ps[0].OrderID}, []domain.Payment{ps[2], ps[0]}},
			{"a customer's of an order", application.PaymentFilter{CustomerID: ps[0].CustomerID, OrderID: ps[0].OrderID}, []domain.Payment{ps[2], ps[0]}},
			{"someone else's order", application.PaymentFilter{CustomerID: ps[3].CustomerID, OrderID: ps[0].OrderID}, nil},
			{"not an id", application.PaymentFilter{CustomerID: "nobody", OrderID: "nothing"}, nil},
		}
		for _, tt := range tests {
			ctx, statements := sqlcount.Start(context.Background())
			got, err := s.views.ListPayments(ctx, tt.filter, page.Request{Limit: 10})
			if err != nil || statements.Count() != 1 {
				t.Fatalf("%s: %v, %d statements; want 1", tt.name, err, statements.Count())
			}
			if !slices.Equal(idsOf(got), paymentIDs(tt.want)) {
				t.Errorf("%s: listed %v; want %v", tt.name, idsOf(got), paymentIDs(tt.want))
			}
		}
	}},
	{"read model: 5 payments in pages of 2 make 3 pages, the last without a next cursor", func(t *testing.T, s testStore) {
		ps := add(t, s, succeeded, newPayment(), newPayment(), newPayment(), newPayment(), newPayment())
		var seen []string
		req := page.Request{Limit: 2}
		for n := 1; ; n++ {
			rows, err := s.views.ListPayments(context.Background(), application.PaymentFilter{}, req)
			if err != nil {
				t.Fatalf("page %d: %v", n, err)
			}
			p := page.Build(rows, req, func(v application.PaymentView) string { return v.ID })
			seen = append(seen, idsOf(p.Items)...)
			if p.NextCursor == nil {
				if n != 3 {
					t.Fatalf("the last page is page %d; want 3", n)
				}
				break
			}
			if req, err = page.Parse("2", *p.NextCursor); err != nil {
				t.Fatal(err)
			}
		}
		want := paymentIDs(ps)
		slices.Reverse(want)
		if !slices.Equal(seen, want) {
			t.Fatalf("pages listed %v; want %v", seen, want)
		}
	}},
	{"read model: a cursor that is not an id is a 422 on cursor", func(t *testing.T, s testStore) {
		_, err := s.views.ListPayments(context.Background(), application.PaymentFilter{}, page.Request{Limit: 5, After: "zzz"})
		if e, ok := errs.As(err); !ok || e.Kind != errs.KindInvalid || e.Fields[0].Field != "cursor" {
			t.Fatalf("ListPayments(bad cursor) = %v; want a 422 on cursor", err)
		}
	}},
}

func idsOf(views []application.PaymentView) []string {
	var out []string
	for _, v := range views {
		out = append(out, v.ID)
	}
	return out
}

func paymentIDs(ps []domain.Payment) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}
