package problem

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/errs"
)

// kindStatus is the one mapping of errs kinds to HTTP statuses; any other kind is a 500.
var kindStatus = map[errs.Kind]int{
	errs.KindInvalid:              http.StatusUnprocessableEntity,
	errs.KindMalformed:            http.StatusBadRequest,
	errs.KindUnauthenticated:      http.StatusUnauthorized,
	errs.KindForbidden:            http.StatusForbidden,
	errs.KindNotFound:             http.StatusNotFound,
	errs.KindConflict:             http.StatusConflict,
	errs.KindTooManyRequests:      http.StatusTooManyRequests,
	errs.KindUnavailable:          http.StatusServiceUnavailable,
	errs.KindUpstreamTimeout:      http.StatusGatewayTimeout,
	errs.KindUnsupportedMediaType: http.StatusUnsupportedMediaType,
	errs.KindPayloadTooLarge:      http.StatusRequestEntityTooLarge,
	errs.KindMethodNotAllowed:     http.StatusMethodNotAllowed,
}

func statusOf(k errs.Kind) int {
	if s, ok := kindStatus[k]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Status is the status the server answers err with: the OpenAPI document takes statuses from
// here so that it cannot disagree with the error handler.
func Status(err error) int {
	return statusOf(Classify(err).Kind)
}

// ResponseStatus is the status the response to err will have (or has, once written): for
// middleware that runs before the error is written.
func ResponseStatus(c echo.Context, err error) int {
	if c.Response().Committed || err == nil {
		return c.Response().Status
	}
	return Status(err)
}

// GenericCodeStatus is the status of a generic contract code (errs.Code*), as the server
// answers it; ok is false for any other code.
func GenericCodeStatus(code string) (status int, ok bool) {
	switch code {
	case errs.CodeInternal:
		return statusOf(errs.KindInternal), true
	case errs.CodeServiceUnavailable:
		// Also the code of a 504 (KindUpstreamTimeout); 503 is the status the contract names.
		return statusOf(errs.KindUnavailable), true
	}
	for kind, c := range defaultCode {
		if c == code {
			return statusOf(kind), true
		}
	}
	return 0, false
}
