package contract

import (
	"errors"

	"github.com/modmono/platform/errs"
)

// CodeOrderNotFound is the public code of a missing (or someone else's) order.
const CodeOrderNotFound = "ORDER_NOT_FOUND"

// ErrOrderNotFound is the cause inside every not-found error of this contract: test for it with
// errors.Is. The error itself is an *errs.Error (NotFound, ORDER_NOT_FOUND), so a caller that
// passes it on answers its own client 404 ORDER_NOT_FOUND with no mapping of its own.
var ErrOrderNotFound = errors.New("orders: order not found")

// OrderNotFound builds the error an implementation returns for a missing order; an HTTP client
// implementation builds it from a 404 ORDER_NOT_FOUND answer.
func OrderNotFound() error {
	return errs.NotFound(CodeOrderNotFound, "no order has this id").WithCause(ErrOrderNotFound)
}
