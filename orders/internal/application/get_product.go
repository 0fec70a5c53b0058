package application

import (
	"context"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/deps"
)

// GetProduct reads one product; Actor is the zero Principal for an anonymous caller.
type GetProduct struct {
	Actor authn.Principal
	ID    string
}

type getProductHandler struct {
	products ProductReadModel
}

func NewGetProductHandler(products ProductReadModel) (bus.Handler[GetProduct, ProductView], error) {
	if err := deps.Require("get product", deps.Named("ProductReadModel", products)); err != nil {
		return nil, err
	}
	return getProductHandler{products: products}, nil
}

// Handle shows an inactive product to admins only; anyone else gets the same 404 as for a
// product that does not exist.
func (h getProductHandler) Handle(ctx context.Context, in GetProduct) (ProductView, error) {
	p, err := h.products.ProductByID(ctx, in.ID)
	if err != nil {
		return ProductView{}, err
	}
	if !p.Active && !in.Actor.IsAdmin() {
		return ProductView{}, domain.ErrProductNotFound()
	}
	return p, nil
}
