package e2e_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"
)

type money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

type order struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Total  money  `json:"total"`
}

type payment struct {
	ID             string `json:"id"`
	Status         string `json:"status"`
	FailureCode    string `json:"failure_code"`
	Amount         money  `json:"amount"`
	RefundedAmount money  `json:"refunded_amount"`
}

// login returns an access token for an existing account.
func login(t *testing.T, api *client, email, password string) string {
	t.Helper()
	r := api.do(http.MethodPost, "/api/v1/auth/login", map[string]any{"email": email, "password": password})
	expect(t, "login "+email, r, http.StatusOK, "")
	var pair tokenPair
	r.json(t, &pair)
	return pair.AccessToken
}

// customer registers a new customer and returns their access token.
func customer(t *testing.T, api *client, name string) string {
	t.Helper()
	email := fmt.Sprintf("%s.%d@example.com", name, time.Now().UnixNano())
	expect(t, "register "+name, api.do(http.MethodPost, "/api/v1/auth/register",
		map[string]any{"email": email, "password": "a long enough passphrase", "full_name": name}), http.StatusCreated, "")
	return login(t, api, email, "a long enough passphrase")
}

// eventually polls the order until it has the wanted status; the contract allows 2 seconds.
func eventually(t *testing.T, api *client, orderID, want string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	var o order
	for {
		r := api.do(http.MethodGet, "/api/v1/orders/"+orderID, nil)
		expect(t, "get order", r, http.StatusOK, "")
		r.json(t, &o)
		if o.Status == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("order %s is %q 2s later, want %q", orderID, o.Status, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// runShopFlow is the orders and payments part of the acceptance suite: HTTP only, so it runs
// unchanged against any topology. admin is an admin's access token.
func runShopFlow(t *testing.T, baseURL, admin string) {
	api := newClient(t, baseURL)
	sku := fmt.Sprintf("SKU-%d", time.Now().UnixNano())
	r := api.withToken(admin).do(http.MethodPost, "/api/v1/products", map[string]any{
		"sku": sku, "name": "Teapot", "price": money{Amount: 1999, Currency: "EUR"}})
	expect(t, "create product", r, http.StatusCreated, "")
	var product struct {
		ID string `json:"id"`
	}
	r.json(t, &product)

	buyer := api.withToken(customer(t, api, "buyer"))
	stranger := api.withToken(customer(t, api, "stranger"))

	expect(t, "a client cannot set prices", buyer.do(http.MethodPost, "/api/v1/orders", map[string]any{
		"items": []map[string]any{{"product_id": product.ID, "quantity": 1, "unit_price": 1}}}), http.StatusUnprocessableEntity, "VALIDATION_FAILED")
	r = buyer.do(http.MethodPost, "/api/v1/orders", map[string]any{"items": []map[string]any{{"product_id": product.ID, "quantity": 3}}})
	expect(t, "place order", r, http.StatusCreated, "")
	var placed order
	r.json(t, &placed)
	if placed.Status != "pending" || placed.Total != (money{Amount: 5997, Currency: "EUR"}) {
		t.Fatalf("placed order = %+v, want pending with total 5997 EUR from the catalogue", placed)
	}
	expect(t, "another customer's order", stranger.do(http.MethodGet, "/api/v1/orders/"+placed.ID, nil), http.StatusNotFound, "ORDER_NOT_FOUND")

	declined := buyer.withKey("decline-" + placed.ID)
	r = declined.do(http.MethodPost, "/api/v1/payments", map[string]any{"order_id": placed.ID, "payment_method": map[string]any{"type": "card", "token": "tok_chargeDeclined"}})
	expect(t, "declined card", r, http.StatusCreated, "")
	var failed payment
	r.json(t, &failed)
	if failed.Status != "failed" || failed.FailureCode != "card_declined" {
		t.Fatalf("declined payment = %+v, want failed with card_declined", failed)
	}
	expect(t, "stranger pays", stranger.withKey("x-"+placed.ID).do(http.MethodPost, "/api/v1/payments",
		map[string]any{"order_id": placed.ID, "payment_method": map[string]any{"type": "card", "token": "tok_visa"}}), http.StatusNotFound, "ORDER_NOT_FOUND")

	pay := buyer.withKey("pay-" + placed.ID)
	body := map[string]any{"order_id": placed.ID, "payment_method": map[string]any{"type": "card", "token": "tok_visa"}}
	first := pay.do(http.MethodPost, "/api/v1/payments", body)
	expect(t, "pay", first, http.StatusCreated, "")
	var paid payment
	first.json(t, &paid)
	if paid.Status != "succeeded" || paid.Amount != placed.Total {
		t.Fatalf("payment = %+v, want succeeded for the order's total %+v", paid, placed.Total)
	}
	replay := pay.do(http.MethodPost, "/api/v1/payments", body)
	if replay.Status != http.StatusCreated || string(replay.Body) != string(first.Body) || replay.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay = %d %s (Idempotent-Replayed %q), want the first answer byte for byte", replay.Status, replay.Body, replay.Header.Get("Idempotent-Replayed"))
	}
	eventually(t, buyer, placed.ID, "paid")
	expect(t, "pay a paid order with a new key", buyer.withKey("again-"+placed.ID).do(http.MethodPost, "/api/v1/payments", body), http.StatusConflict, "ORDER_NOT_PAYABLE")

	r = buyer.do(http.MethodPost, "/api/v1/orders/"+placed.ID+"/cancel", nil)
	expect(t, "cancel a paid order", r, http.StatusOK, "")
	eventually(t, buyer, placed.ID, "refunded")
	r = buyer.do(http.MethodGet, "/api/v1/payments/"+paid.ID, nil)
	expect(t, "payment after the automatic refund", r, http.StatusOK, "")
	var refunded payment
	r.json(t, &refunded)
	if refunded.Status != "refunded" || refunded.RefundedAmount != placed.Total {
		t.Fatalf("payment after cancel = %+v, want refunded in full", refunded)
	}
	expect(t, "cancel again", buyer.do(http.MethodPost, "/api/v1/orders/"+placed.ID+"/cancel", nil), http.StatusConflict, "ORDER_NOT_CANCELLABLE")

	// Every context answers for its parked events, wherever it runs; nothing failed here.
	for _, name := range []string{"auth", "orders", "payments"} {
		r = api.withToken(admin).do(http.MethodGet, "/api/v1/admin/parked-events/"+name, nil)
		expect(t, name+" parked events", r, http.StatusOK, "")
		var parked struct {
			Items []json.RawMessage `json:"items"`
		}
		if r.json(t, &parked); len(parked.Items) != 0 {
			t.Errorf("%s has parked events after a clean flow: %d", name, len(parked.Items))
		}
		expect(t, name+" parked events for a customer", buyer.do(http.MethodGet, "/api/v1/admin/parked-events/"+name, nil), http.StatusForbidden, "FORBIDDEN")
	}
}
