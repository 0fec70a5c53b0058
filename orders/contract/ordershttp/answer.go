package ordershttp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/modmono/orders/contract"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/problem"
)

// maxBody bounds what is read of an answer: orders' answers are a few hundred bytes.
const maxBody = 1 << 20

const unavailable = "orders is not answering; try again shortly"

// answer turns the outcome of the last attempt into the contract's result: the body decoded
// into out, or the error the in-process implementation would have returned, or Unavailable when
// orders could not answer.
func answer(parent context.Context, resp *http.Response, err error, out any) error {
	if err != nil {
		if errors.Is(parent.Err(), context.Canceled) {
			return fmt.Errorf("orders: the caller gave up: %w", err) // nobody is waiting for a 503
		}
		return errs.Unavailable(unavailable, time.Second, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	switch {
	case err != nil:
		return errs.Unavailable(unavailable, time.Second, fmt.Errorf("read the answer: %w", err))
	case resp.StatusCode == http.StatusOK:
		if err := json.Unmarshal(body, out); err != nil {
			return errs.Internal(fmt.Errorf("orders answered 200 with a body that is not %T: %w", out, err))
		}
		return nil
	case resp.StatusCode >= http.StatusInternalServerError:
		return errs.Unavailable(unavailable, retryAfter(resp.Header),
			fmt.Errorf("%s %s: status %d: %s", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, problemCode(body)))
	case resp.StatusCode >= http.StatusBadRequest:
		return clientError(resp, body)
	}
	return errs.Internal(fmt.Errorf("orders answered an unexpected status %d", resp.StatusCode))
}

// kindOf is the errs.Kind the server answers with each status (problem's mapping, reversed).
var kindOf = map[int]errs.Kind{
	http.StatusBadRequest:            errs.KindMalformed,
	http.StatusUnauthorized:          errs.KindUnauthenticated,
	http.StatusForbidden:             errs.KindForbidden,
	http.StatusNotFound:              errs.KindNotFound,
	http.StatusConflict:              errs.KindConflict,
	http.StatusUnprocessableEntity:   errs.KindInvalid,
	http.StatusTooManyRequests:       errs.KindTooManyRequests,
	http.StatusUnsupportedMediaType:  errs.KindUnsupportedMediaType,
	http.StatusRequestEntityTooLarge: errs.KindPayloadTooLarge,
}

// clientError rebuilds orders' 4xx problem as the *errs.Error orders returned, so the caller
// passes it on (or tests for it) as if orders ran in process. An answer that is not one of the
// contract's (ROUTE_NOT_FOUND, 405, no problem document: a wrong ORDERS_URL, or something that
// is not orders) is our misconfiguration, not the end client's mistake: it is internal, never
// passed on as theirs.
func clientError(resp *http.Response, body []byte) error {
	var p problem.Problem
	kind, known := kindOf[resp.StatusCode]
	if err := json.Unmarshal(body, &p); err != nil || p.Code == "" || !known || p.Code == errs.CodeRouteNotFound {
		return errs.Internal(fmt.Errorf("orders at %s answered %d %q, which is not an answer of the orders contract",
			resp.Request.URL.Host, resp.StatusCode, problemCode(body)))
	}
	if p.Code == contract.CodeOrderNotFound {
		return contract.OrderNotFound()
	}
	e := &errs.Error{Kind: kind, Code: p.Code, Message: p.Detail, Fields: p.Errors}
	if kind == errs.KindTooManyRequests {
		e.RetryAfter = retryAfter(resp.Header)
	}
	return e
}

// problemCode is the code of a problem body, for error causes; never the body itself.
func problemCode(body []byte) string {
	var p struct {
		Code string `json:"code"`
	}
	if json.Unmarshal(body, &p) != nil || p.Code == "" {
		return "no problem code"
	}
	return p.Code
}

// retryAfter reads Retry-After in seconds; one second when absent or unreadable.
func retryAfter(h http.Header) time.Duration {
	if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return time.Second
}
