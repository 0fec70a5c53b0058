package domain

import (
	"strings"
	"unicode/utf8"

	"github.com/modmono/platform/errs"
)

// MethodCard is the only payment method type there is so far.
const MethodCard = "card"

// MaxTokenLength bounds a card token, in bytes; processors' tokens are a few dozen characters.
const MaxTokenLength = 255

// PaymentMethod is how the customer pays: a card, as a token from the processor's own
// tokenisation (card numbers never reach this service).
type PaymentMethod struct {
	Type  string
	Token string
}

// NewPaymentMethod checks the method's shape; whether the processor knows the token is the
// processor's to say. Errors name the fields as the request body does ("payment_method.type").
func NewPaymentMethod(typ, token string) (PaymentMethod, error) {
	var fields []errs.FieldError
	if typ != MethodCard {
		fields = append(fields, errs.Field("payment_method.type", errs.FieldInvalid, `the only payment method type is "card"`))
	}
	switch {
	case strings.TrimSpace(token) == "":
		fields = append(fields, errs.Field("payment_method.token", errs.FieldRequired, "a card token is required"))
	case !utf8.ValidString(token):
		fields = append(fields, errs.Field("payment_method.token", errs.FieldInvalidUTF8, "the card token is not valid UTF-8"))
	case len(token) > MaxTokenLength:
		fields = append(fields, errs.Field("payment_method.token", errs.FieldTooLong, "the card token must be at most 255 bytes"))
	}
	if len(fields) > 0 {
		return PaymentMethod{}, errs.Validation(fields...)
	}
	return PaymentMethod{Type: typ, Token: token}, nil
}
