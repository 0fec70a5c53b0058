package domain

import (
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/money"
)

// Codes of the orders context's public contract. Each error is built fresh by a function so that
// no caller can mutate a shared value (errs.Error is a pointer).
const (
	CodeProductNotFound     = "PRODUCT_NOT_FOUND"
	CodeSKUTaken            = "SKU_TAKEN"
	CodeOrderNotFound       = "ORDER_NOT_FOUND"
	CodeOrderNotCancellable = "ORDER_NOT_CANCELLABLE"
	CodeCurrencyMismatch    = money.CodeCurrencyMismatch

	// FieldUnknownProduct names an order item whose product does not exist or is not on sale.
	FieldUnknownProduct = "unknown_product"
	// FieldDuplicateProduct names the second item of a product already in the order.
	FieldDuplicateProduct = "duplicate_product"
)

func ErrProductNotFound() *errs.Error {
	return errs.NotFound(CodeProductNotFound, "no product has this id")
}

func ErrSKUTaken() *errs.Error {
	return errs.Conflict(CodeSKUTaken, "another product already has this sku")
}

// ErrOrderNotFound is also the answer for someone else's order, so that order ids cannot be
// probed.
func ErrOrderNotFound() *errs.Error {
	return errs.NotFound(CodeOrderNotFound, "no order has this id")
}

func ErrOrderNotCancellable(s Status) *errs.Error {
	return errs.Conflict(CodeOrderNotCancellable, "the order is "+string(s)+" and can no longer be cancelled")
}

func ErrCurrencyMismatch(fields ...errs.FieldError) *errs.Error {
	return errs.Invalid(CodeCurrencyMismatch, "all items of an order must be priced in one currency", fields...)
}
