package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// shop is the data the scenarios need: a customer's token, a product and an order, and the
// bootstrap admin's token.
type shop struct {
	token, customerID, productID, orderID string
	adminToken, email                     string
}

// signIn renews both tokens: a run longer than an access token's lifetime (at most 15 minutes)
// calls it between its measurements.
func (s *shop) signIn(base string) (err error) {
	if s.adminToken, err = login(base, benchAdminEmail, benchAdminPassword); err != nil {
		return err
	}
	s.token, err = login(base, s.email, customerPassword)
	return err
}

const customerPassword = "bench passphrase 123"

const benchAdminEmail, benchAdminPassword = "bench-admin@example.com", "bench admin passphrase"

// prepareShop creates, through the API, a product (as the bootstrap admin), a customer and one
// order of theirs.
func prepareShop(base string) (shop, error) {
	var s shop
	admin, err := login(base, benchAdminEmail, benchAdminPassword)
	if err != nil {
		return s, err
	}
	s.adminToken = admin
	body, err := call(base, http.MethodPost, "/api/v1/products", admin, map[string]any{
		"sku": fmt.Sprintf("BENCH-%d", time.Now().UnixNano()), "name": "Bench item",
		"price": map[string]any{"amount": 1999, "currency": "EUR"}}, http.StatusCreated)
	if err != nil {
		return s, err
	}
	if s.productID, err = field(body, "id"); err != nil {
		return s, err
	}
	s.email = fmt.Sprintf("bench-%d@example.com", time.Now().UnixNano())
	if _, err := call(base, http.MethodPost, "/api/v1/auth/register", "", map[string]any{
		"email": s.email, "password": customerPassword, "full_name": "Bench"}, http.StatusCreated); err != nil {
		return s, err
	}
	if s.token, err = login(base, s.email, customerPassword); err != nil {
		return s, err
	}
	if body, err = call(base, http.MethodGet, "/api/v1/auth/me", s.token, nil, http.StatusOK); err != nil {
		return s, err
	}
	if s.customerID, err = field(body, "id"); err != nil {
		return s, err
	}
	body, err = call(base, http.MethodPost, "/api/v1/orders", s.token, map[string]any{
		"items": []map[string]any{{"product_id": s.productID, "quantity": 1}}}, http.StatusCreated)
	if err != nil {
		return s, err
	}
	s.orderID, err = field(body, "id")
	return s, err
}

func login(base, email, password string) (string, error) {
	body, err := call(base, http.MethodPost, "/api/v1/auth/login", "", map[string]any{"email": email, "password": password}, http.StatusOK)
	if err != nil {
		return "", err
	}
	return field(body, "access_token")
}

func field(body []byte, name string) (string, error) {
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		return "", err
	}
	v, ok := m[name].(string)
	if !ok {
		return "", fmt.Errorf("no %q in %s", name, body)
	}
	return v, nil
}
