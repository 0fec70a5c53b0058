package application_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
)

func TestCreateProduct(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx, off := context.Background(), false
		p, err := h.app.Commands.CreateProduct.Handle(ctx, application.CreateProduct{
			Actor: admin, SKU: "MUG-1", Name: " Mug ", Price: money.Money{Amount: 1250, Currency: "EUR"},
		})
		if err != nil || p.Name != "Mug" || !p.Active || !p.CreatedAt.Equal(start) || !ids.Valid(p.ID) {
			t.Fatalf("CreateProduct = %+v, %v", p, err)
		}
		hidden, err := h.app.Commands.CreateProduct.Handle(ctx, application.CreateProduct{
			Actor: admin, SKU: "MUG-2", Name: "Mug", Price: money.Money{Amount: 1, Currency: "JPY"}, Active: &off,
		})
		if err != nil || hidden.Active {
			t.Fatalf("inactive CreateProduct = %+v, %v", hidden, err)
		}
		_, err = h.app.Commands.CreateProduct.Handle(ctx, application.CreateProduct{Actor: admin, SKU: "MUG-1", Name: "x", Price: p.Price})
		wantCode(t, err, domain.CodeSKUTaken)
		_, err = h.app.Commands.CreateProduct.Handle(ctx, application.CreateProduct{Actor: customer(), SKU: "X", Name: "x", Price: p.Price})
		if errs.KindOf(err) != errs.KindForbidden {
			t.Fatalf("a customer creating a product: %v; want 403", err)
		}
		_, err = h.app.Commands.CreateProduct.Handle(ctx, application.CreateProduct{Actor: admin, SKU: "", Name: "", Price: money.Money{Amount: 0, Currency: "XYZ"}})
		wantFields(t, err, "sku/required", "name/required", "price.currency/invalid_currency")
	})
}

func TestUpdateProduct(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		p := h.product(t, "MUG-1", 1250)
		h.clock.Advance(time.Second)
		name, price, off := "Big mug", money.Money{Amount: 1500, Currency: "EUR"}, false
		got, err := h.app.Commands.UpdateProduct.Handle(ctx, application.UpdateProduct{Actor: admin, ID: p.ID, Name: &name, Price: &price, Active: &off})
		if err != nil || got.Name != name || got.Price != price || got.Active || got.SKU != "MUG-1" || !got.UpdatedAt.After(got.CreatedAt) {
			t.Fatalf("UpdateProduct = %+v, %v", got, err)
		}
		only := "Mug"
		got, err = h.app.Commands.UpdateProduct.Handle(ctx, application.UpdateProduct{Actor: admin, ID: p.ID, Name: &only})
		if err != nil || got.Name != "Mug" || got.Price != price || got.Active {
			t.Fatalf("a partial update changed more than the name: %+v, %v", got, err)
		}
		bad := money.Money{Amount: -1, Currency: "EUR"}
		_, err = h.app.Commands.UpdateProduct.Handle(ctx, application.UpdateProduct{Actor: admin, ID: p.ID, Price: &bad})
		wantFields(t, err, "price.amount/out_of_range")
		_, err = h.app.Commands.UpdateProduct.Handle(ctx, application.UpdateProduct{Actor: admin, ID: ids.New(), Name: &name})
		wantCode(t, err, domain.CodeProductNotFound)
		_, err = h.app.Commands.UpdateProduct.Handle(ctx, application.UpdateProduct{Actor: customer(), ID: p.ID, Name: &name})
		if errs.KindOf(err) != errs.KindForbidden {
			t.Fatalf("a customer updating a product: %v; want 403", err)
		}
	})
}

func TestInactiveProductsAreVisibleToAdminsOnly(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx, off := context.Background(), false
		onSale := h.product(t, "A", 100)
		hidden := h.product(t, "B", 200)
		if _, err := h.app.Commands.UpdateProduct.Handle(ctx, application.UpdateProduct{Actor: admin, ID: hidden.ID, Active: &off}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name  string
			actor authn.Principal
			id    string
			want  string
		}{
			{"anyone, on sale", authn.Principal{}, onSale.ID, ""},
			{"anyone, inactive", authn.Principal{}, hidden.ID, domain.CodeProductNotFound},
			{"customer, inactive", customer(), hidden.ID, domain.CodeProductNotFound},
			{"admin, inactive", admin, hidden.ID, ""},
			{"admin, unknown", admin, ids.New(), domain.CodeProductNotFound},
			{"admin, malformed", admin, "42", domain.CodeProductNotFound},
		}
		for _, tt := range tests {
			_, err := h.app.Queries.GetProduct.Handle(ctx, application.GetProduct{Actor: tt.actor, ID: tt.id})
			if tt.want == "" && err != nil || tt.want != "" && !errs.HasCode(err, tt.want) {
				t.Fatalf("%s: got %v, want %q", tt.name, err, tt.want)
			}
		}
		for actor, want := range map[string][]string{"anyone": {"A"}, "admin": {"B", "A"}} {
			p := authn.Principal{}
			if actor == "admin" {
				p = admin
			}
			list, err := h.app.Queries.ListProducts.Handle(ctx, application.ListProducts{Actor: p})
			var got []string
			for _, v := range list.Items {
				got = append(got, v.SKU)
			}
			if err != nil || !slices.Equal(got, want) || list.NextCursor != nil {
				t.Fatalf("%s lists %v (%v); want %v", actor, got, err, want)
			}
		}
	})
}
