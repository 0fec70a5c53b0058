package application

import (
	"context"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/deps"
	"github.com/modmono/platform/page"
)

// ListProducts pages through the catalogue, newest first: products on sale, or every product
// for an admin.
type ListProducts struct {
	Actor authn.Principal
	Page  page.Request
}

type listProductsHandler struct {
	products ProductReadModel
}

func NewListProductsHandler(products ProductReadModel) (bus.Handler[ListProducts, page.Page[ProductView]], error) {
	if err := deps.Require("list products", deps.Named("ProductReadModel", products)); err != nil {
		return nil, err
	}
	return listProductsHandler{products: products}, nil
}

func (h listProductsHandler) Handle(ctx context.Context, in ListProducts) (page.Page[ProductView], error) {
	req := in.Page.WithDefaultLimit()
	rows, err := h.products.ListProducts(ctx, in.Actor.IsAdmin(), req)
	if err != nil {
		return page.Page[ProductView]{}, err
	}
	return page.Build(rows, req, func(v ProductView) string { return v.ID }), nil
}
