package application

import (
	"context"
	"errors"
	"time"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
)

// PlaceOrder orders products for the actor. Items carry no prices: prices come from the
// catalogue, never from the client. IdempotencyKey is the request's Idempotency-Key, if any.
type PlaceOrder struct {
	Actor          authn.Principal
	Items          []domain.Line
	IdempotencyKey string
}

// placeAttempts bounds pricing an order again after Orders.Add found that its products had
// changed: the first attempt may price from the process's copy of the catalogue, the next read
// the products afresh, so a third is needed only if they change again within milliseconds.
const placeAttempts = 3

type placeOrderHandler struct {
	uow   UnitOfWork
	clock clock.Clock
}

func NewPlaceOrderHandler(uow UnitOfWork, clk clock.Clock) (bus.Handler[PlaceOrder, OrderView], error) {
	if err := deps.Require("place order", deps.Named("UnitOfWork", uow), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return placeOrderHandler{uow: uow, clock: clk}, nil
}

func (h placeOrderHandler) Handle(ctx context.Context, in PlaceOrder) (OrderView, error) {
	if in.Actor.UserID == "" {
		return OrderView{}, errs.Unauthenticated(errs.CodeUnauthenticated, "sign in to place an order")
	}
	if len(in.Items) > domain.MaxItems {
		// Refused before the catalogue lookup, whose size would otherwise follow the request's.
		_, err := domain.PlaceOrder("", "", in.Items, nil, h.clock.Now())
		return OrderView{}, err
	}
	var view OrderView
	// The catalogue read locks nothing and the order, its items and its event are one write:
	// no transaction is needed around them (see UnitOfWork.DoAutocommit).
	err := h.uow.DoAutocommit(ctx, func(ctx context.Context, r Repositories) error {
		for attempt := 1; ; attempt++ {
			o, err := h.place(ctx, r, in)
			if errors.Is(err, errCatalogueMoved) && attempt < placeAttempts {
				continue // the products were read afresh: price again
			}
			if errors.Is(err, errCatalogueMoved) {
				return errs.Unavailable("the products of this order kept changing while it was placed; try again",
					time.Second, err)
			}
			if err != nil {
				return err
			}
			view = orderViewOf(o)
			return nil
		}
	})
	if err != nil {
		return OrderView{}, err
	}
	return view, nil
}

// place prices and stores the order with its order_placed event. A retry of a request that
// already placed its order (same customer and Idempotency-Key) gets that order back instead:
// the idempotency middleware replays stored answers, but an answer lost in a crash after the
// commit can only be recovered here.
func (h placeOrderHandler) place(ctx context.Context, r Repositories, in PlaceOrder) (domain.Order, error) {
	productIDs := make([]string, len(in.Items))
	for i, l := range in.Items {
		productIDs[i] = l.ProductID
	}
	catalogue, err := r.Products().ByIDs(ctx, productIDs)
	if err != nil {
		return domain.Order{}, err
	}
	o, err := domain.PlaceOrder(ids.New(), in.Actor.UserID, in.Items, catalogue, h.clock.Now())
	if err != nil {
		// The catalogue may have changed since the first run: the retry's answer is the order.
		if earlier, found := h.earlier(ctx, r, in); found {
			return earlier, nil
		}
		return domain.Order{}, err
	}
	o.IdempotencyKey = in.IdempotencyKey
	placed, err := orderPlaced(ctx, h.clock, o)
	if err != nil {
		return domain.Order{}, err
	}
	added, err := r.Orders().Add(ctx, o, placed)
	if err != nil {
		return domain.Order{}, err
	}
	if !added {
		earlier, found := h.earlier(ctx, r, in)
		if !found {
			return domain.Order{}, errCatalogueMoved
		}
		return earlier, sameLines(earlier, in.Items)
	}
	return o, nil
}

// earlier finds the order an earlier run of this request placed, if it sent a key.
func (h placeOrderHandler) earlier(ctx context.Context, r Repositories, in PlaceOrder) (domain.Order, bool) {
	if in.IdempotencyKey == "" {
		return domain.Order{}, false
	}
	o, err := r.Orders().ByIdempotencyKey(ctx, in.Actor.UserID, in.IdempotencyKey)
	return o, err == nil
}
