package openapi

import (
	"slices"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/idempotency"
)

// idempotencyKinds are the kinds of the Idempotency-Key errors, which the idempotency package
// keeps unexported; TestIdempotencyKindsMatchTheMiddleware holds this table to its answers.
var idempotencyKinds = map[string]errs.Kind{
	idempotency.CodeKeyRequired: errs.KindMalformed,
	idempotency.CodeKeyInvalid:  errs.KindMalformed,
	idempotency.CodeKeyReused:   errs.KindInvalid,
	idempotency.CodeKeyInUse:    errs.KindConflict,
}

type keyRule int

const (
	keyNone keyRule = iota
	keyOptional
	keyRequired
)

// keyUse tells how a route takes an Idempotency-Key from the codes it lists: a route behind
// the middleware lists idempotency.Mode.Codes(), which name the header's every outcome, so a
// second declaration could only disagree with them.
func keyUse(rt httpx.Route) keyRule {
	switch {
	case slices.Contains(rt.Errors, idempotency.CodeKeyRequired):
		return keyRequired
	case slices.Contains(rt.Errors, idempotency.CodeKeyInvalid):
		return keyOptional
	}
	return keyNone
}

func keyParam(k keyRule) *Parameter {
	if k == keyNone {
		return nil
	}
	return &Parameter{
		Name: idempotency.HeaderKey, In: "header", Required: k == keyRequired,
		Description: "Makes the request safe to retry: 1 to 255 printable ASCII characters, chosen by the client, kept 24 hours per user.",
		Schema: &Schema{
			Type: Types{"string"}, MinLength: ptr(1), MaxLength: ptr(idempotency.MaxKeyLength),
			Pattern: `^[\x20-\x7E]+$`,
		},
	}
}
