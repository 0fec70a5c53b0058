package httpapi

import (
	"fmt"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/money"
)

// Request bodies. Fields are pointers so that an absent member (or null) is told apart from a
// zero value and reported as required; strict binding rejects every member not listed here, so
// no body can set an id, a sku after creation, a status, a customer or a total.

type CreateProductRequest struct {
	SKU    *string       `json:"sku"`
	Name   *string       `json:"name"`
	Price  *MoneyRequest `json:"price"`
	Active *bool         `json:"active,omitempty"`
}

// UpdateProductRequest is an admin's partial update: an absent member is left unchanged, and
// "sku" is an unknown member (it never changes).
type UpdateProductRequest struct {
	Name   *string       `json:"name,omitempty"`
	Price  *MoneyRequest `json:"price,omitempty"`
	Active *bool         `json:"active,omitempty"`
}

// MoneyRequest is Money as a client sends it: {"amount": 1999, "currency": "EUR"}.
type MoneyRequest struct {
	Amount   *int64  `json:"amount"`
	Currency *string `json:"currency"`
}

// PlaceOrderRequest names products and quantities only: prices come from the catalogue.
type PlaceOrderRequest struct {
	Items *[]OrderItemRequest `json:"items"`
}

type OrderItemRequest struct {
	ProductID *string `json:"product_id"`
	Quantity  *int    `json:"quantity"`
}

// money checks that both members are there, naming them under field ("price.amount").
func (m *MoneyRequest) money(field string) (money.Money, error) {
	if m == nil {
		return money.Money{}, httpx.Required(httpx.Need(field, m))
	}
	if err := httpx.Required(httpx.Need(field+".amount", m.Amount), httpx.Need(field+".currency", m.Currency)); err != nil {
		return money.Money{}, err
	}
	return money.Money{Amount: *m.Amount, Currency: *m.Currency}, nil
}

// lines turns the items into order lines, reporting every missing member by its path.
func (r PlaceOrderRequest) lines() ([]domain.Line, error) {
	if r.Items == nil {
		return nil, httpx.Required(httpx.Need("items", r.Items))
	}
	lines := make([]domain.Line, len(*r.Items))
	members := make([]httpx.Member, 0, 2*len(*r.Items))
	for i, it := range *r.Items {
		members = append(members,
			httpx.Need(fmt.Sprintf("items[%d].product_id", i), it.ProductID),
			httpx.Need(fmt.Sprintf("items[%d].quantity", i), it.Quantity))
		if it.ProductID != nil {
			lines[i].ProductID = *it.ProductID
		}
		if it.Quantity != nil {
			lines[i].Quantity = *it.Quantity
		}
	}
	return lines, httpx.Required(members...)
}
