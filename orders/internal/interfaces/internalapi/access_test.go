package internalapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/modmono/orders/contract"
	"github.com/modmono/orders/contract/ordershttp"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
)

// TestPaymentViewAccess: the endpoint answers a customer about their own orders only, exactly
// as the public GET /orders/{id} does (someone else's order is a missing one), and an admin
// about any order, as any customer.
func TestPaymentViewAccess(t *testing.T) {
	t.Parallel()
	svc := newService(t, db.SQLite)
	owner, stranger := ids.New(), ids.New()
	orderID, _ := svc.PlaceOrder(t, owner)
	ownerToken, strangerToken := svc.token(t, owner, "customer"), svc.token(t, stranger, "customer")
	admin := svc.adminToken(t)
	path := func(id, customer string) string {
		p := "/internal/v1/orders/" + id + "/payment-view"
		if customer != "" {
			p += "?customer_id=" + customer
		}
		return p
	}
	tests := []struct {
		name, path, token string
		status            int
		code              string
	}{
		{"no token is 401", path(orderID, ""), "", http.StatusUnauthorized, errs.CodeUnauthenticated},
		{"a bad token is 401", path(orderID, ""), "not-a-token", http.StatusUnauthorized, errs.CodeUnauthenticated},
		{"the owner gets their order", path(orderID, ""), ownerToken, http.StatusOK, ""},
		{"the owner naming themselves gets their order", path(orderID, owner), ownerToken, http.StatusOK, ""},
		{"another customer's order is 404", path(orderID, ""), strangerToken, http.StatusNotFound, contract.CodeOrderNotFound},
		{"a customer cannot ask as the owner", path(orderID, owner), strangerToken, http.StatusNotFound, contract.CodeOrderNotFound},
		{"the owner asking as someone else is 404", path(orderID, stranger), ownerToken, http.StatusNotFound, contract.CodeOrderNotFound},
		{"a missing order is the same 404", path(ids.New(), ""), ownerToken, http.StatusNotFound, contract.CodeOrderNotFound},
		{"an admin gets any order", path(orderID, ""), admin, http.StatusOK, ""},
		{"an admin asking as the owner gets it", path(orderID, owner), admin, http.StatusOK, ""},
		{"an admin asking as another customer gets 404", path(orderID, stranger), admin, http.StatusNotFound, contract.CodeOrderNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp := svc.request(t, http.MethodGet, tt.path, tt.token, "")
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d; body %s", resp.StatusCode, tt.status, body)
			}
			if tt.code != "" {
				var p struct{ Code string }
				if err := json.Unmarshal(body, &p); err != nil || p.Code != tt.code {
					t.Fatalf("code %q (%v), want %q; body %s", p.Code, err, tt.code, body)
				}
				return
			}
			var got contract.OrderForPayment
			if err := json.Unmarshal(body, &got); err != nil || got.ID != orderID || got.CustomerID != owner || got.Status != contract.StatusPending {
				t.Fatalf("body %s (%v); want the owner's pending order %s", body, err, orderID)
			}
		})
	}
}

// TestClientPresentsTheCallersToken: in a service, the client asks with the token the request
// was authenticated with, so orders applies the caller's rights, not the calling service's.
func TestClientPresentsTheCallersToken(t *testing.T) {
	t.Parallel()
	svc := newService(t, db.SQLite)
	owner, stranger := ids.New(), ids.New()
	orderID, _ := svc.PlaceOrder(t, owner)
	client, err := ordershttp.New(svc.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.CloseIdleConnections)
	tests := []struct {
		name     string
		token    string // "" puts none in the context
		customer string
		wantKind errs.Kind // KindInternal means success here
		wantErr  error
	}{
		{"the owner's token, as the owner", svc.token(t, owner, "customer"), owner, errs.KindInternal, nil},
		{"a stranger's token, as the stranger", svc.token(t, stranger, "customer"), stranger, errs.KindNotFound, contract.ErrOrderNotFound},
		{"a stranger's token, claiming to be the owner", svc.token(t, stranger, "customer"), owner, errs.KindNotFound, contract.ErrOrderNotFound},
		{"an admin's token, as an admin", svc.adminToken(t), "", errs.KindInternal, nil},
		{"no token at all", "", owner, errs.KindUnauthenticated, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			if tt.token != "" {
				ctx = authn.WithToken(ctx, tt.token)
			}
			got, err := client.OrderForPayment(ctx, contract.OrderForPaymentRequest{OrderID: orderID, CustomerID: tt.customer})
			if tt.wantKind == errs.KindInternal {
				if err != nil || got.ID != orderID || got.CustomerID != owner {
					t.Fatalf("OrderForPayment = %+v, %v; want order %s of %s", got, err, orderID, owner)
				}
				return
			}
			if errs.KindOf(err) != tt.wantKind || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
				t.Fatalf("OrderForPayment error = %v (kind %d); want kind %d, %v", err, errs.KindOf(err), tt.wantKind, tt.wantErr)
			}
		})
	}
}
