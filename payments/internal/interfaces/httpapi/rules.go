package httpapi

import (
	"github.com/modmono/payments/internal/domain"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/money"
)

// The rules the request bodies' members obey, for the OpenAPI document, built from the
// domain's own constants and patterns so that the document says what the domain checks.

func (PaymentMethodRequest) BodyRules() map[string]httpx.Rule {
	return map[string]httpx.Rule{
		"type":  {Enum: []string{domain.MethodCard}},
		"token": {MinLength: 1, MaxLength: domain.MaxTokenLength, Note: "The processor's token of the card; at most 255 bytes of UTF-8."},
	}
}

func (RefundRequest) BodyRules() map[string]httpx.Rule {
	return map[string]httpx.Rule{"reason": {MaxLength: domain.MaxReasonRunes, Pattern: domain.ReasonPattern,
		Note: "Surrounding white space is trimmed before the checks: send it trimmed."}}
}

// BodyRules of a refund's amount: more than zero, in the payment's currency (an active ISO 4217 code).
func (MoneyRequest) BodyRules() map[string]httpx.Rule {
	return map[string]httpx.Rule{
		"amount":   {Minimum: httpx.Int(domain.MinRefundAmount), Note: "In the currency's minor units."},
		"currency": {Enum: money.Currencies(), Note: "The payment's currency."},
	}
}
