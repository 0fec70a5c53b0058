package httpapi

import (
	"fmt"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/errs"
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
		return money.Money{}, required(field)
	}
	var missing []error
	if m.Amount == nil {
		missing = append(missing, required(field+".amount"))
	}
	if m.Currency == nil {
		missing = append(missing, required(field+".currency"))
	}
	if err := domain.Join(missing...); err != nil {
		return money.Money{}, err
	}
	return money.Money{Amount: *m.Amount, Currency: *m.Currency}, nil
}

// lines turns the items into order lines, reporting every missing member by its path.
func (r PlaceOrderRequest) lines() ([]domain.Line, error) {
	if r.Items == nil {
		return nil, required("items")
	}
	lines := make([]domain.Line, len(*r.Items))
	var missing []error
	for i, it := range *r.Items {
		if it.ProductID == nil {
			missing = append(missing, required(fmt.Sprintf("items[%d].product_id", i)))
		} else {
			lines[i].ProductID = *it.ProductID
		}
		if it.Quantity == nil {
			missing = append(missing, required(fmt.Sprintf("items[%d].quantity", i)))
		} else {
			lines[i].Quantity = *it.Quantity
		}
	}
	return lines, domain.Join(missing...)
}

func required(field string) error {
	return errs.Validation(errs.Field(field, errs.FieldRequired, field+" is required"))
}
