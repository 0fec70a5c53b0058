package application

import (
	"context"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/money"
)

// UpdateProduct is an admin's partial change of a product; a nil field is left as it is. The
// sku has no field: it never changes.
type UpdateProduct struct {
	Actor  authn.Principal
	ID     string
	Name   *string
	Price  *money.Money
	Active *bool
}

type updateProductHandler struct {
	uow   UnitOfWork
	clock clock.Clock
}

func NewUpdateProductHandler(uow UnitOfWork, clk clock.Clock) (bus.Handler[UpdateProduct, ProductView], error) {
	if err := deps.Require("update product", deps.Named("UnitOfWork", uow), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return updateProductHandler{uow: uow, clock: clk}, nil
}

func (h updateProductHandler) Handle(ctx context.Context, in UpdateProduct) (ProductView, error) {
	if !in.Actor.IsAdmin() {
		return ProductView{}, errs.Forbidden("only admins can change the catalogue")
	}
	var view ProductView
	err := h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		p, err := r.Products().ByID(ctx, in.ID)
		if err != nil {
			return err
		}
		if err := p.Change(in.Name, in.Price, in.Active, h.clock.Now()); err != nil {
			return err
		}
		if err := r.Products().Update(ctx, p); err != nil {
			return err
		}
		view = productViewOf(p)
		return nil
	})
	if err != nil {
		return ProductView{}, err
	}
	return view, nil
}
