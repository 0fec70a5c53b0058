// Package domain holds the orders context's entities and rules: the product catalogue, orders
// with their priced items, and the order status machine. Pure Go: no I/O.
package domain

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/money"
)

// The product rules; the OpenAPI document states them too, from these constants.
const (
	MaxSKULength = 64
	// SKUPattern is the characters a SKU may hold: ASCII letters, digits, '-', '_' and '.'.
	SKUPattern = `^[A-Za-z0-9._-]+$`
	// MaxNameLength is the longest name, in code points once trimmed.
	MaxNameLength = 200
	// NamePattern is a trimmed name without control characters (unicode.IsControl): what
	// ValidateName accepts, length apart. Written for RE2 and ECMA-262 alike.
	NamePattern = `^[^\s\x00-\x1F\x7F-\x9F](?:[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F])?$`
	// MinPriceAmount and MaxPriceAmount bound a unit price, in minor units (the cap: 10
	// billion in a 2-decimal currency). Order totals are bounded apart, by money's 2^53-1: a
	// large order past it is a 422, never a wrapped total.
	MinPriceAmount = 1
	MaxPriceAmount = 1_000_000_000_000
)

var (
	skuChars  = regexp.MustCompile(SKUPattern)
	nameChars = regexp.MustCompile(NamePattern)
)

// Product is an item of the catalogue. Its SKU never changes after creation; its price does,
// but orders keep the price they were placed at.
type Product struct {
	ID        string
	SKU       string
	Name      string
	Price     money.Money
	Active    bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// NewProduct validates every field and reports every bad one at once.
func NewProduct(id, sku, name string, price money.Money, active bool, now time.Time) (Product, error) {
	if err := errs.JoinFields(ValidateSKU(sku), ValidateName(name), ValidatePrice(price, "price")); err != nil {
		return Product{}, err
	}
	return Product{ID: id, SKU: sku, Name: strings.TrimSpace(name), Price: price, Active: active,
		CreatedAt: now, UpdatedAt: now}, nil
}

// Change applies a partial update; nil leaves a field as it is. Nothing is changed unless every
// given field is valid, and an empty update does not even touch updated_at.
func (p *Product) Change(name *string, price *money.Money, active *bool, now time.Time) error {
	if name == nil && price == nil && active == nil {
		return nil
	}
	var checks []error
	if name != nil {
		checks = append(checks, ValidateName(*name))
	}
	if price != nil {
		checks = append(checks, ValidatePrice(*price, "price"))
	}
	if err := errs.JoinFields(checks...); err != nil {
		return err
	}
	if name != nil {
		p.Name = strings.TrimSpace(*name)
	}
	if price != nil {
		p.Price = *price
	}
	if active != nil {
		p.Active = *active
	}
	p.UpdatedAt = now
	return nil
}

// ValidateSKU accepts 1..64 characters of letters, digits, '-', '_' and '.', case kept: a SKU
// is printed on labels and typed into other systems, so nothing ambiguous is let in.
func ValidateSKU(sku string) error {
	switch {
	case sku == "":
		return errs.Validation(errs.Field("sku", errs.FieldRequired, "sku is required"))
	case len(sku) > MaxSKULength:
		return errs.Validation(errs.Field("sku", errs.FieldTooLong, "sku must be at most 64 characters"))
	case !skuChars.MatchString(sku):
		return errs.Validation(errs.Field("sku", errs.FieldInvalid, "sku may hold only letters A-Z, digits and - _ ."))
	}
	return nil
}

// ValidateName accepts 1..200 characters once trimmed, with no control characters.
func ValidateName(name string) error {
	name = strings.TrimSpace(name)
	switch n := utf8.RuneCountInString(name); {
	case !utf8.ValidString(name):
		return errs.Validation(errs.Field("name", errs.FieldInvalidUTF8, "name is not valid UTF-8"))
	case n == 0:
		return errs.Validation(errs.Field("name", errs.FieldRequired, "name is required"))
	case n > MaxNameLength:
		return errs.Validation(errs.Field("name", errs.FieldTooLong, "name must be at most 200 characters"))
	case !nameChars.MatchString(name):
		return errs.Validation(errs.Field("name", errs.FieldInvalid, "name must not contain control characters"))
	}
	return nil
}

// ValidatePrice wants a real currency and a positive amount up to MaxPriceAmount.
func ValidatePrice(p money.Money, field string) error {
	if err := p.Validate(field); err != nil {
		return err
	}
	if p.Amount < MinPriceAmount || p.Amount > MaxPriceAmount {
		return errs.Validation(errs.Field(field+".amount", errs.FieldOutOfRange,
			"amount must be a positive number of minor units, at most 1000000000000"))
	}
	return nil
}
