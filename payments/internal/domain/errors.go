package domain

import "github.com/modmono/platform/errs"

// Codes of the payments context's public contract. Each error is built fresh by a function so
// that no caller can mutate a shared value (errs.Error is a pointer).
const (
	CodePaymentNotFound      = "PAYMENT_NOT_FOUND"
	CodeOrderNotFound        = "ORDER_NOT_FOUND"
	CodeOrderNotPayable      = "ORDER_NOT_PAYABLE"
	CodeRefundExceedsPayment = "REFUND_EXCEEDS_PAYMENT"
	CodePaymentNotRefundable = "PAYMENT_NOT_REFUNDABLE"

	// Codes of the Idempotency-Key contract that the use cases themselves can meet: a key
	// missing where the handler needs one, or a key already spent on a different request.
	CodeIdempotencyKeyRequired = "IDEMPOTENCY_KEY_REQUIRED"
	CodeIdempotencyKeyReused   = "IDEMPOTENCY_KEY_REUSED"
)

func ErrPaymentNotFound() *errs.Error {
	return errs.NotFound(CodePaymentNotFound, "no payment has this id")
}

// ErrOrderNotFound is also the answer for someone else's order, so order ids cannot be probed.
func ErrOrderNotFound() *errs.Error {
	return errs.NotFound(CodeOrderNotFound, "no order has this id")
}

func ErrOrderNotPayable() *errs.Error {
	return errs.Conflict(CodeOrderNotPayable, "the order is not awaiting payment, or another payment of it succeeded or is in progress")
}

func ErrRefundExceedsPayment() *errs.Error {
	return errs.Conflict(CodeRefundExceedsPayment, "the refund is larger than what is left of the payment")
}

func ErrPaymentNotRefundable() *errs.Error {
	return errs.Conflict(CodePaymentNotRefundable, "the payment failed or is already refunded in full")
}

func ErrIdempotencyKeyRequired() *errs.Error {
	return errs.New(errs.KindMalformed, CodeIdempotencyKeyRequired, "send an Idempotency-Key header so that a retry cannot charge or refund twice")
}

func ErrIdempotencyKeyReused() *errs.Error {
	return errs.Invalid(CodeIdempotencyKeyReused, "this Idempotency-Key was already used for a different request; use a new key")
}
