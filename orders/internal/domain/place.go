package domain

import (
	"fmt"
	"time"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/money"
)

// Limits of one order; the OpenAPI document states them too, from these constants.
const (
	MinItems    = 1
	MaxItems    = 50
	MinQuantity = 1
	MaxQuantity = 1000
)

// PlaceOrder prices lines from the catalogue (the products found by id; a product missing from
// it does not exist) into a pending order. Every bad line is reported at once, each under its
// JSON path ("items[2].quantity"); mixed currencies are a 422 CURRENCY_MISMATCH.
func PlaceOrder(id, customerID string, lines []Line, catalogue map[string]Product, now time.Time) (Order, error) {
	if err := checkLines(lines, catalogue); err != nil {
		return Order{}, err
	}
	items := make([]Item, len(lines))
	var mismatched []errs.FieldError
	for i, l := range lines {
		p := catalogue[l.ProductID]
		if p.Price.Currency != catalogue[lines[0].ProductID].Price.Currency {
			mismatched = append(mismatched, errs.Field(fmt.Sprintf("items[%d].product_id", i), "currency_mismatch",
				"this product is priced in "+p.Price.Currency+", unlike the first item"))
		}
		items[i] = Item{ProductID: p.ID, SKU: p.SKU, Name: p.Name, Quantity: l.Quantity, UnitPrice: p.Price}
	}
	if len(mismatched) > 0 {
		return Order{}, ErrCurrencyMismatch(mismatched...)
	}
	total, err := priceItems(items)
	if err != nil {
		return Order{}, err
	}
	return Order{ID: id, CustomerID: customerID, Status: StatusPending, Items: items, Total: total,
		Version: 1, CreatedAt: now, UpdatedAt: now}, nil
}

// checkLines applies the item rules that need no arithmetic.
func checkLines(lines []Line, catalogue map[string]Product) error {
	switch {
	case len(lines) < MinItems:
		return errs.Validation(errs.Field("items", errs.FieldRequired, "an order needs at least one item"))
	case len(lines) > MaxItems:
		return errs.Validation(errs.Field("items", errs.FieldTooLong, "an order holds at most 50 items"))
	}
	var fields []errs.FieldError
	seen := make(map[string]bool, len(lines))
	for i, l := range lines {
		path := fmt.Sprintf("items[%d]", i)
		if l.Quantity < MinQuantity || l.Quantity > MaxQuantity {
			fields = append(fields, errs.Field(path+".quantity", errs.FieldOutOfRange, "quantity must be from 1 to 1000"))
		}
		p, known := catalogue[l.ProductID]
		switch {
		case !known || !p.Active:
			fields = append(fields, errs.Field(path+".product_id", FieldUnknownProduct, "no product on sale has this id"))
		case seen[l.ProductID]:
			fields = append(fields, errs.Field(path+".product_id", FieldDuplicateProduct,
				"this product is already in the order; raise that item's quantity instead"))
		}
		seen[l.ProductID] = true
	}
	if len(fields) > 0 {
		return errs.Validation(fields...)
	}
	return nil
}

// priceItems fills in line totals and returns the order total; money's checked arithmetic
// refuses any line or total past 2^53-1, reported on the line that crossed it.
func priceItems(items []Item) (money.Money, error) {
	total := money.Money{Currency: items[0].UnitPrice.Currency}
	for i := range items {
		line, err := items[i].UnitPrice.Mul(int64(items[i].Quantity))
		if err == nil {
			items[i].LineTotal = line
			total, err = total.Add(line)
		}
		if err != nil {
			return money.Money{}, errs.Validation(errs.Field(fmt.Sprintf("items[%d].quantity", i),
				errs.FieldOutOfRange, "the order total is too large")).WithCause(err)
		}
	}
	return total, nil
}
