// Package errs is the shared kernel of error kinds: every layer wraps its failures in an *Error
// with a stable code, and the HTTP layer maps the kind to a status once.
package errs

import (
	"errors"
	"fmt"
	"time"
)

// Kind classifies an error by what the caller can do about it.
type Kind int

const (
	KindInternal Kind = iota
	KindInvalid
	KindMalformed
	KindUnauthenticated
	KindForbidden
	KindNotFound
	KindConflict
	KindTooManyRequests
	KindUnavailable
	KindUnsupportedMediaType
	KindPayloadTooLarge
	KindMethodNotAllowed
	// KindUpstreamTimeout: another service did not answer before the request's deadline (504).
	KindUpstreamTimeout
)

// Generic codes from the public contract.
const (
	CodeMalformedJSON        = "MALFORMED_JSON"
	CodeUnauthenticated      = "UNAUTHENTICATED"
	CodeForbidden            = "FORBIDDEN"
	CodeRouteNotFound        = "ROUTE_NOT_FOUND"
	CodeMethodNotAllowed     = "METHOD_NOT_ALLOWED"
	CodeValidationFailed     = "VALIDATION_FAILED"
	CodeTooManyRequests      = "TOO_MANY_REQUESTS"
	CodeServiceUnavailable   = "SERVICE_UNAVAILABLE"
	CodeInternal             = "INTERNAL"
	CodeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	CodePayloadTooLarge      = "PAYLOAD_TOO_LARGE"
)

// FieldError names one offending value by its JSON path, for example "items[0].quantity".
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error is the one error type that crosses layer boundaries.
type Error struct {
	Kind    Kind
	Code    string // UPPER_SNAKE code of the public contract
	Message string // safe to show to the caller
	Fields  []FieldError
	// RetryAfter is set on KindTooManyRequests, KindUnavailable and KindUpstreamTimeout.
	RetryAfter time.Duration
	// Err is the cause; it is logged, never shown.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// KindOf is the kind of err's *Error, or KindInternal when there is none.
func KindOf(err error) Kind {
	if e, ok := As(err); ok {
		return e.Kind
	}
	return KindInternal
}

// HasCode reports whether err carries the given public code.
func HasCode(err error, code string) bool {
	e, ok := As(err)
	return ok && e.Code == code
}

func New(kind Kind, code, message string) *Error {
	return &Error{Kind: kind, Code: code, Message: message}
}

func NotFound(code, message string) *Error { return New(KindNotFound, code, message) }
func Conflict(code, message string) *Error { return New(KindConflict, code, message) }
func Forbidden(message string) *Error      { return New(KindForbidden, CodeForbidden, message) }

// Unauthenticated uses the generic code unless the contract names a more precise one.
func Unauthenticated(code, message string) *Error {
	return New(KindUnauthenticated, code, message)
}

func Malformed(message string) *Error { return New(KindMalformed, CodeMalformedJSON, message) }

// Invalid is a 422 carrying per-field errors; code is usually CodeValidationFailed.
func Invalid(code, message string, fields ...FieldError) *Error {
	return &Error{Kind: KindInvalid, Code: code, Message: message, Fields: fields}
}

// Validation is the common 422 with field errors.
func Validation(fields ...FieldError) *Error {
	return Invalid(CodeValidationFailed, "the request has invalid fields", fields...)
}

// Field is shorthand for one FieldError.
func Field(field, code, message string) FieldError {
	return FieldError{Field: field, Code: code, Message: message}
}

func TooManyRequests(message string, retryAfter time.Duration) *Error {
	return &Error{Kind: KindTooManyRequests, Code: CodeTooManyRequests, Message: message, RetryAfter: retryAfter}
}

func Unavailable(message string, retryAfter time.Duration, cause error) *Error {
	return &Error{Kind: KindUnavailable, Code: CodeServiceUnavailable, Message: message, RetryAfter: retryAfter, Err: cause}
}

// UpstreamTimeout is a 504: the service this one forwards to did not answer in time. Its code is
// the contract's SERVICE_UNAVAILABLE.
func UpstreamTimeout(message string, retryAfter time.Duration, cause error) *Error {
	return &Error{Kind: KindUpstreamTimeout, Code: CodeServiceUnavailable, Message: message, RetryAfter: retryAfter, Err: cause}
}

// Internal wraps an unexpected failure; its message never reaches the caller.
func Internal(cause error) *Error {
	return &Error{Kind: KindInternal, Code: CodeInternal, Message: "internal error", Err: cause}
}

// WithCause returns a copy of e that wraps cause.
func (e *Error) WithCause(cause error) *Error {
	c := *e
	c.Err = cause
	return &c
}

// Field codes used in FieldError.Code across contexts; a context may add its own
// (for example "password_too_common", "unknown_product").
const (
	FieldRequired    = "required"
	FieldInvalid     = "invalid"
	FieldTooShort    = "too_short"
	FieldTooLong     = "too_long"
	FieldOutOfRange  = "out_of_range"
	FieldUnknown     = "unknown_field"
	FieldInvalidType = "invalid_type"
	FieldInvalidUTF8 = "invalid_utf8"
	FieldNotAllowed  = "not_allowed"
)
