package problem

import (
	"context"
	"errors"
	"net/http"
	"time"

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
	// errStoreUnavailable and errTooLate answer failures that pass (errs.IsTransient: the database layer registers db.IsUnavailable): a
	// retry a little later may well succeed, so they are 503 with Retry-After, not 500.
	errStoreUnavailable = errs.Unavailable("the database is busy or unavailable; try again shortly", storeRetryAfter, nil)
	errTooLate          = errs.Unavailable("the request could not be completed in time; try again shortly", storeRetryAfter, nil)
)

// storeRetryAfter is the Retry-After of a busy or unreachable store: long enough for a lock to
// be released or a pool to drain, short enough that clients come back soon.
const storeRetryAfter = 2 * time.Second

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

// Classify reduces any error to the *errs.Error that may be shown. A store that is busy or
// unreachable and a request past its deadline are 503 SERVICE_UNAVAILABLE with Retry-After.
// Whatever else is not a known client error becomes the bare INTERNAL error: SQL, driver text
// and panics stay in the logs.
func Classify(err error) *errs.Error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		// However a handler wrapped it, a body cut off at the limit is the client's 413.
		return ErrPayloadTooLarge
	}
	if e, ok := errs.As(err); ok && e.Kind != errs.KindInternal {
		if statusOf(e.Kind) >= http.StatusInternalServerError &&
			e.Kind != errs.KindUnavailable && e.Kind != errs.KindUpstreamTimeout {
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
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return errTooLate
	case errs.IsTransient(err):
		return errStoreUnavailable
	}
	if _, ok := errs.As(err); ok {
		return errInternal
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		if e, ok := echoErrors[he.Code]; ok {
			return e
		}
	}
	return errInternal
}
