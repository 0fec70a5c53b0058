package application

import (
	"context"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
)

// CreateProduct adds a product to the catalogue; Active nil means on sale.
type CreateProduct struct {
	Actor  authn.Principal
	SKU    string
	Name   string
	Price  money.Money
	Active *bool
}

type createProductHandler struct {
	uow   UnitOfWork
	clock clock.Clock
}

func NewCreateProductHandler(uow UnitOfWork, clk clock.Clock) (bus.Handler[CreateProduct, ProductView], error) {
	if err := deps.Require("create product", deps.Named("UnitOfWork", uow), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return createProductHandler{uow: uow, clock: clk}, nil
}

func (h createProductHandler) Handle(ctx context.Context, in CreateProduct) (ProductView, error) {
	if !in.Actor.IsAdmin() {
		return ProductView{}, errs.Forbidden("only admins can change the catalogue")
	}
	active := in.Active == nil || *in.Active
	p, err := domain.NewProduct(ids.New(), in.SKU, in.Name, in.Price, active, h.clock.Now())
	if err != nil {
		return ProductView{}, err
	}
	// A taken sku is found by the unique index, not by a read first, which a concurrent
	// creation could slip past.
	err = h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		return r.Products().Add(ctx, p)
	})
	if err != nil {
		return ProductView{}, err
	}
	return productViewOf(p), nil
}
