// Package problem answers errors as RFC 9457 problem+json documents: it reduces any error to
// the contract error that may be shown (Classify), maps its kind to the one HTTP status the API
// answers it with (Status), and writes the document (Write, echo's error handler).
package problem

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/reqctx"
)

// ContentType is the media type of every error body (RFC 9457).
const ContentType = "application/problem+json"

// Problem is the body of every error response.
type Problem struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Detail    string            `json:"detail"`
	Instance  string            `json:"instance"`
	Code      string            `json:"code"`
	RequestID string            `json:"request_id"`
	Errors    []errs.FieldError `json:"errors,omitempty"`
}

// Write answers err as a problem document, unless the response has already started. It is
// echo's error handler: handlers and middleware just return errors.
func Write(c echo.Context, err error) error {
	if c.Response().Committed {
		return nil
	}
	e := Classify(err)
	status := statusOf(e.Kind)
	h := c.Response().Header()
	switch status {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		h.Set("Retry-After", retryAfterSeconds(e.RetryAfter))
	case http.StatusUnauthorized:
		// RFC 9110 §15.5.2: a 401 must name the scheme that would work.
		h.Set(echo.HeaderWWWAuthenticate, "Bearer")
	}
	body, mErr := json.Marshal(Problem{
		Type:      "/problems/" + kebab(e.Code),
		Title:     http.StatusText(status),
		Status:    status,
		Detail:    e.Message,
		Instance:  c.Request().URL.Path,
		Code:      e.Code,
		RequestID: reqctx.RequestID(c.Request().Context()),
		Errors:    e.Fields,
	})
	if mErr != nil {
		return mErr
	}
	return c.Blob(status, ContentType, body)
}

// retryAfterSeconds rounds up, and never below one second: "Retry-After: 0" invites a busy loop.
func retryAfterSeconds(d time.Duration) string {
	s := int64(math.Ceil(d.Seconds()))
	if s < 1 {
		s = 1
	}
	return strconv.FormatInt(s, 10)
}

// kebab turns an UPPER_SNAKE code into the lower-kebab of a problem type URI.
func kebab(code string) string {
	return strings.ToLower(strings.ReplaceAll(code, "_", "-"))
}
