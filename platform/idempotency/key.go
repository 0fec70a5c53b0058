package idempotency

import (
	"context"
	"net/http"

	"github.com/modmono/platform/errs"
)

// Headers of the contract.
const (
	HeaderKey      = "Idempotency-Key"
	HeaderReplayed = "Idempotent-Replayed"
)

// Codes of the contract.
const (
	CodeKeyRequired = "IDEMPOTENCY_KEY_REQUIRED"
	CodeKeyInvalid  = "IDEMPOTENCY_KEY_INVALID"
	CodeKeyReused   = "IDEMPOTENCY_KEY_REUSED"
	CodeKeyInUse    = "IDEMPOTENCY_KEY_IN_USE"
)

// MaxKeyLength is the longest key accepted, in bytes (every accepted byte is one character).
const MaxKeyLength = 255

var (
	errKeyRequired = errs.New(errs.KindMalformed, CodeKeyRequired, "this request needs an Idempotency-Key header")
	errKeyInvalid  = errs.New(errs.KindMalformed, CodeKeyInvalid, "the Idempotency-Key header must be one value of 1 to 255 printable ASCII characters")
	errKeyReused   = errs.Invalid(CodeKeyReused, "this Idempotency-Key was already used for a different request")
	errKeyInUse    = errs.Conflict(CodeKeyInUse, "a request with this Idempotency-Key is still in progress: retry later")
)

// Mode says whether a route insists on a key.
type Mode int

const (
	// Optional runs a request without a key as if the middleware were not there.
	Optional Mode = iota
	// Required answers a request without a key 400 IDEMPOTENCY_KEY_REQUIRED.
	Required
)

// Codes are the contract codes a route in this mode can answer besides the generic ones, for
// its httpx.Route.Errors (and so its OpenAPI document).
func (m Mode) Codes() []string {
	codes := []string{CodeKeyInvalid, CodeKeyReused, CodeKeyInUse}
	if m == Required {
		codes = append([]string{CodeKeyRequired}, codes...)
	}
	return codes
}

// keyFromHeader returns the request's key, or ok false when it sent none. A header that is
// present but empty, repeated or out of range is invalid rather than missing: the client meant
// to send a key, and running its request without one could repeat an effect.
func keyFromHeader(h http.Header) (key string, ok bool, err error) {
	values := h.Values(HeaderKey)
	switch {
	case len(values) == 0:
		return "", false, nil
	case len(values) > 1 || !ValidKey(values[0]):
		return "", true, errKeyInvalid
	}
	return values[0], true, nil
}

// ValidKey reports whether k is 1..255 printable ASCII characters (0x20..0x7E).
func ValidKey(k string) bool {
	if len(k) < 1 || len(k) > MaxKeyLength {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x20 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

type keyContext struct{}

// KeyFrom returns the Idempotency-Key of the request ctx belongs to, once the middleware has
// claimed it. Handlers persist it with their effect to run that effect once (see the package
// documentation); a key is unique per user only.
func KeyFrom(ctx context.Context) (string, bool) {
	k, ok := ctx.Value(keyContext{}).(string)
	return k, ok
}

func withKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, keyContext{}, key)
}
