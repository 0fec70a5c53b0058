package ordershttp_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/modmono/orders/contract"
	"github.com/modmono/orders/contract/ordershttp"
	"github.com/modmono/platform/errs"
)

// TestAnswersAndRetries: a GET is tried again after a dropped connection or a 503, at most
// twice; every other answer is final at once, and becomes the error orders meant.
func TestAnswersAndRetries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		answers    []answer
		wantHits   int32
		wantKind   errs.Kind // KindInternal with wantCode "" means success
		wantCode   string
		wantRetry  time.Duration
		wantFields bool
	}{
		{name: "an answer is decoded", answers: []answer{ok}, wantHits: 1},
		{name: "a 503 is retried until orders answers", answers: []answer{problem(503, errs.CodeServiceUnavailable, "1"), ok}, wantHits: 2},
		{name: "a dropped connection is retried until orders answers", answers: []answer{hangUp, hangUp, ok}, wantHits: 3},
		{name: "503 every time: three tries, then 503 with orders' Retry-After",
			answers: []answer{problem(503, errs.CodeServiceUnavailable, "5")}, wantHits: 3,
			wantKind: errs.KindUnavailable, wantCode: errs.CodeServiceUnavailable, wantRetry: 5 * time.Second},
		{name: "dropped every time: three tries, then 503", answers: []answer{hangUp}, wantHits: 3,
			wantKind: errs.KindUnavailable, wantCode: errs.CodeServiceUnavailable, wantRetry: time.Second},
		{name: "a 500 is not retried and is a 503 to the caller", answers: []answer{problem(500, errs.CodeInternal, "")}, wantHits: 1,
			wantKind: errs.KindUnavailable, wantCode: errs.CodeServiceUnavailable, wantRetry: time.Second},
		{name: "a 502 from a proxy without a problem is a 503", answers: []answer{text(502, "bad gateway")}, wantHits: 1,
			wantKind: errs.KindUnavailable, wantCode: errs.CodeServiceUnavailable, wantRetry: time.Second},
		{name: "404 ORDER_NOT_FOUND is the contract's not found", answers: []answer{problem(404, contract.CodeOrderNotFound, "")}, wantHits: 1,
			wantKind: errs.KindNotFound, wantCode: contract.CodeOrderNotFound},
		{name: "a 401 is passed on as orders said it", answers: []answer{problem(401, errs.CodeUnauthenticated, "")}, wantHits: 1,
			wantKind: errs.KindUnauthenticated, wantCode: errs.CodeUnauthenticated},
		{name: "a 409 is passed on as orders said it", answers: []answer{problem(409, "ORDER_NOT_CANCELLABLE", "")}, wantHits: 1,
			wantKind: errs.KindConflict, wantCode: "ORDER_NOT_CANCELLABLE"},
		{name: "a 422 keeps its field errors", answers: []answer{problem(422, errs.CodeValidationFailed, "")}, wantHits: 1,
			wantKind: errs.KindInvalid, wantCode: errs.CodeValidationFailed, wantFields: true},
		{name: "a 429 keeps its Retry-After and is not retried", answers: []answer{problem(429, errs.CodeTooManyRequests, "7")}, wantHits: 1,
			wantKind: errs.KindTooManyRequests, wantCode: errs.CodeTooManyRequests, wantRetry: 7 * time.Second},
		{name: "a 404 ROUTE_NOT_FOUND is our misconfiguration, not the caller's 404",
			answers: []answer{problem(404, errs.CodeRouteNotFound, "")}, wantHits: 1, wantKind: errs.KindInternal, wantCode: errs.CodeInternal},
		{name: "a 4xx that is not a problem document is internal", answers: []answer{text(404, "404 page not found")}, wantHits: 1,
			wantKind: errs.KindInternal, wantCode: errs.CodeInternal},
		{name: "a 200 that is not the answer is internal", answers: []answer{text(200, "<html>")}, wantHits: 1,
			wantKind: errs.KindInternal, wantCode: errs.CodeInternal},
		{name: "a redirect is not followed", answers: []answer{text(http.StatusFound, "")}, wantHits: 1,
			wantKind: errs.KindInternal, wantCode: errs.CodeInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, hits := scripted(t, tt.answers...)
			got, err := newClient(t, srv.URL).OrderForPayment(context.Background(), contract.OrderForPaymentRequest{OrderID: orderID})
			if n := hits.Load(); n != tt.wantHits {
				t.Errorf("orders was asked %d times, want %d", n, tt.wantHits)
			}
			if tt.wantCode == "" {
				if err != nil || got != paid {
					t.Fatalf("OrderForPayment = %+v, %v; want %+v", got, err, paid)
				}
				return
			}
			e, isErrs := errs.As(err)
			if !isErrs || e.Kind != tt.wantKind || e.Code != tt.wantCode || e.RetryAfter != tt.wantRetry {
				t.Fatalf("error = %#v; want kind %d, code %s, retry after %v", err, tt.wantKind, tt.wantCode, tt.wantRetry)
			}
			if tt.wantCode == contract.CodeOrderNotFound && !errors.Is(err, contract.ErrOrderNotFound) {
				t.Errorf("error %v does not wrap contract.ErrOrderNotFound", err)
			}
			if tt.wantFields && (len(e.Fields) != 1 || e.Fields[0].Field != "order_id" || e.Message != "what orders said") {
				t.Errorf("error = %+v; want orders' message and field error", e)
			}
		})
	}
}

func TestNewRefusesABadBaseURL(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"", "orders:8080", "ftp://orders", "http://", "://x"} {
		if _, err := ordershttp.New(u); err == nil {
			t.Errorf("New(%q) succeeded; want an error", u)
		}
	}
	if _, err := ordershttp.New("http://orders:8080", ordershttp.WithTimeout(0)); err == nil {
		t.Error("New with a zero timeout succeeded; want an error")
	}
}
