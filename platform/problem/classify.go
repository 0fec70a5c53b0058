package problem

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/errs"
)

// defaultCode fills in the generic contract code when an *errs.Error names none.
var defaultCode = map[errs.Kind]string{
	errs.KindInvalid:              errs.CodeValidationFailed,
	errs.KindMalformed:            errs.CodeMalformedJSON,
	errs.KindUnauthenticated:      errs.CodeUnauthenticated,
	errs.KindForbidden:            errs.CodeForbidden,
	errs.KindNotFound:             errs.CodeRouteNotFound,
	errs.KindTooManyRequests:      errs.CodeTooManyRequests,
	errs.KindUnavailable:          errs.CodeServiceUnavailable,
	errs.KindUnsupportedMediaType: errs.CodeUnsupportedMediaType,
	errs.KindPayloadTooLarge:      errs.CodePayloadTooLarge,
	errs.KindMethodNotAllowed:     errs.CodeMethodNotAllowed,
}

var (
	errRouteNotFound    = errs.NotFound(errs.CodeRouteNotFound, "no route matches this path")
	errMethodNotAllowed = errs.New(errs.KindMethodNotAllowed, errs.CodeMethodNotAllowed, "this path does not accept that method")
	// ErrPayloadTooLarge is the answer to a body over the size limit, however it was noticed.
	ErrPayloadTooLarge = errs.New(errs.KindPayloadTooLarge, errs.CodePayloadTooLarge, "the request body exceeds the size limit")
	// ErrUnsupportedMediaType is the answer to a body in a media type the route does not take.
	ErrUnsupportedMediaType = errs.New(errs.KindUnsupportedMediaType, errs.CodeUnsupportedMediaType, "the request body must be application/json")
	errInternal             = errs.New(errs.KindInternal, errs.CodeInternal, "internal error")
)

// echoErrors maps the few errors echo itself raises; their text is never shown.
var echoErrors = map[int]*errs.Error{
	http.StatusBadRequest:            errs.Malformed("the request is malformed"),
	http.StatusUnauthorized:          errs.Unauthenticated(errs.CodeUnauthenticated, "a valid access token is required"),
	http.StatusForbidden:             errs.Forbidden("you may not do this"),
	http.StatusNotFound:              errRouteNotFound,
	http.StatusMethodNotAllowed:      errMethodNotAllowed,
	http.StatusRequestEntityTooLarge: ErrPayloadTooLarge,
	http.StatusUnsupportedMediaType:  ErrUnsupportedMediaType,
}

// Classify reduces any error to the *errs.Error that may be shown. Whatever is not a known
// client error becomes the bare INTERNAL error: SQL, driver text and panics stay in the logs.
func Classify(err error) *errs.Error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		// However a handler wrapped it, a body cut off at the limit is the client's 413.
		return ErrPayloadTooLarge
	}
	if e, ok := errs.As(err); ok {
		if statusOf(e.Kind) >= http.StatusInternalServerError && e.Kind != errs.KindUnavailable {
			return errInternal
		}
		c := *e
		if c.Code == "" {
			c.Code = defaultCode[c.Kind]
		}
		if c.Message == "" {
			c.Message = http.StatusText(statusOf(c.Kind))
		}
		if c.Kind != errs.KindInvalid {
			c.Fields = nil
		}
		return &c
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		if e, ok := echoErrors[he.Code]; ok {
			return e
		}
	}
	return errInternal
}
