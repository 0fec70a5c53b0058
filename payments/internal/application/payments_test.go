package application_test

import (
	"context"
	"slices"
	"testing"

	"github.com/modmono/payments/internal/application"
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/page"
)

func TestGetPaymentShowsAPaymentToItsCustomerAndToAdmins(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ann, p := h.paid(t)
		tests := []struct {
			name  string
			actor authn.Principal
			id    string
			code  string
		}{
			{"its customer", ann, p.ID, ""},
			{"an admin", admin, p.ID, ""},
			{"another customer gets a 404, not a 403", customer(), p.ID, domain.CodePaymentNotFound},
			{"an unknown id", admin, ids.New(), domain.CodePaymentNotFound},
			{"a malformed id", admin, "not-a-uuid", domain.CodePaymentNotFound},
		}
		for _, tt := range tests {
			got, err := h.app.Queries.GetPayment.Handle(context.Background(), application.GetPayment{Actor: tt.actor, ID: tt.id})
			wantCode(t, err, tt.code)
			if tt.code == "" && got != p {
				t.Fatalf("%s: got %+v, want %+v", tt.name, got, p)
			}
		}
	})
}

func TestListPayments(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ann := customer()
		first := h.orders.Place(ann.UserID, eur(100))
		declined, _ := h.pay(ann, first, "tok_chargeDeclined", "a")
		paid, _ := h.pay(ann, first, "tok_visa", "b")
		other, _ := h.pay(ann, h.orders.Place(ann.UserID, eur(100)), "tok_visa", "c")
		_, bobs := h.paid(t)
		tests := []struct {
			name    string
			in      application.ListPayments
			want    []string
			invalid bool
		}{
			{"a customer sees their own", application.ListPayments{Actor: ann}, []string{other.ID, paid.ID, declined.ID}, false},
			{"of one order", application.ListPayments{Actor: ann, OrderID: first}, []string{paid.ID, declined.ID}, false},
			{"not another's order", application.ListPayments{Actor: ann, OrderID: bobs.OrderID}, nil, false},
			{"an admin sees everyone's", application.ListPayments{Actor: admin}, []string{bobs.ID, other.ID, paid.ID, declined.ID}, false},
			{"an admin, one order", application.ListPayments{Actor: admin, OrderID: bobs.OrderID}, []string{bobs.ID}, false},
			{"pages", application.ListPayments{Actor: admin, Page: page.Request{Limit: 1}}, []string{bobs.ID}, false},
			{"an order id that is not one", application.ListPayments{Actor: ann, OrderID: "x"}, nil, true},
		}
		for _, tt := range tests {
			got, err := h.app.Queries.ListPayments.Handle(context.Background(), tt.in)
			if tt.invalid {
				wantFields(t, err, "order_id/invalid")
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			var gotIDs []string
			for _, v := range got.Items {
				gotIDs = append(gotIDs, v.ID)
			}
			if !slices.Equal(gotIDs, tt.want) || (got.NextCursor != nil) != (tt.in.Page.Limit == 1) {
				t.Fatalf("%s: listed %v (next %v); want %v", tt.name, gotIDs, got.NextCursor, tt.want)
			}
		}
	})
}
