package httpapi

import (
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
)

// The rules the request bodies' members obey, for the OpenAPI document, built from the
// domain's own constants and patterns so that the document says what the domain checks.
var nameRule = httpx.Rule{MinLength: 1, MaxLength: domain.MaxNameLength, Pattern: domain.NamePattern,
	Note: "Surrounding white space is trimmed before the checks: send it trimmed."}

func (CreateProductRequest) BodyRules() map[string]httpx.Rule {
	return map[string]httpx.Rule{
		"sku":  {MinLength: 1, MaxLength: domain.MaxSKULength, Pattern: domain.SKUPattern, Note: "Case is kept; it never changes."},
		"name": nameRule,
	}
}

func (UpdateProductRequest) BodyRules() map[string]httpx.Rule {
	return map[string]httpx.Rule{"name": nameRule}
}

// BodyRules of a price: a positive amount up to the cap, in an active ISO 4217 currency.
func (MoneyRequest) BodyRules() map[string]httpx.Rule {
	return map[string]httpx.Rule{
		"amount":   {Minimum: httpx.Int(domain.MinPriceAmount), Maximum: httpx.Int(domain.MaxPriceAmount), Note: "In the currency's minor units."},
		"currency": {Enum: money.Currencies(), Note: "An active ISO 4217 code."},
	}
}

func (PlaceOrderRequest) BodyRules() map[string]httpx.Rule {
	return map[string]httpx.Rule{"items": {MinItems: domain.MinItems, MaxItems: domain.MaxItems, Note: "Each product at most once."}}
}

func (OrderItemRequest) BodyRules() map[string]httpx.Rule {
	return map[string]httpx.Rule{
		"product_id": {Format: ids.Format, Note: "A product on sale (else unknown_product)."},
		"quantity":   {Minimum: httpx.Int(domain.MinQuantity), Maximum: httpx.Int(domain.MaxQuantity)},
	}
}
