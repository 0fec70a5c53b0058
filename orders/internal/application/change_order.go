package application

import (
	"context"
	"errors"
	"time"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/errs"
)

// maxOrderAttempts bounds how often a status change starts over after losing a race; more
// than a couple of concurrent writers on one order is not a real workload.
const maxOrderAttempts = 5

// errOrderChanged says the order's version moved between loading and storing it.
var errOrderChanged = errors.New("the order was changed concurrently")

// orderChange decides what to do with a freshly loaded order, inside the unit of work. It
// returns whether the order changed (and must be stored); it may append events meanwhile.
type orderChange func(ctx context.Context, r Repositories, o *domain.Order) (changed bool, err error)

// changeOrder loads the order, lets decide change it and stores it only if nobody changed it
// since (optimistic concurrency: UPDATE ... WHERE version = loaded version). When someone did,
// the whole unit rolls back, events and inbox entry included, and starts over from a fresh load,
// so the decision is always made on the order as it really is. before runs first in each unit
// (the inbox check of an event handler); returning false from it ends the unit with no change.
func changeOrder(ctx context.Context, uow UnitOfWork, orderID string,
	before func(ctx context.Context, r Repositories) (bool, error), decide orderChange) (domain.Order, error) {
	var result domain.Order
	for attempt := 1; ; attempt++ {
		err := uow.Do(ctx, func(ctx context.Context, r Repositories) error {
			if before != nil {
				if proceed, err := before(ctx, r); err != nil || !proceed {
					return err
				}
			}
			o, err := r.Orders().ByID(ctx, orderID)
			if err != nil {
				return err
			}
			changed, err := decide(ctx, r, &o)
			if err != nil || !changed {
				result = o
				return err
			}
			stored, err := r.Orders().Update(ctx, o)
			if err != nil {
				return err
			}
			if !stored {
				return errOrderChanged
			}
			o.Version++
			result = o
			return nil
		})
		if !errors.Is(err, errOrderChanged) {
			return result, err
		}
		if attempt == maxOrderAttempts {
			return domain.Order{}, errs.Unavailable("the order is being changed by another request; try again",
				time.Second, err)
		}
	}
}
