package application

import (
	"errors"
	"strings"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/errs"
)

// codeIdempotencyKeyReused is the contract's answer to a key sent again with another request.
const codeIdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED"

// errCatalogueMoved: Orders.Add stored nothing and no earlier order has the request's key, so an
// item no longer matched its product: the order was priced from a copy of the catalogue that
// was behind. Placing it again prices it afresh.
var errCatalogueMoved = errors.New("the order was not stored: its products changed since it was priced")

// sameLines tells a true retry (the same items) from a key reused for another order, which
// the idempotency middleware no longer catches once the key's 24 hours are over.
func sameLines(o domain.Order, lines []domain.Line) error {
	same := len(o.Items) == len(lines)
	for i := 0; same && i < len(lines); i++ {
		same = o.Items[i].ProductID == strings.ToLower(lines[i].ProductID) && o.Items[i].Quantity == lines[i].Quantity
	}
	if !same {
		return errs.Invalid(codeIdempotencyKeyReused, "this Idempotency-Key was already used for a different order")
	}
	return nil
}
