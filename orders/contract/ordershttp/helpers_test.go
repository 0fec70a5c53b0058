package ordershttp_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/modmono/orders/contract"
	"github.com/modmono/orders/contract/ordershttp"
	"github.com/modmono/platform/money"
)

const orderID = "0190a6f1-7c1e-7bbb-8f3a-0123456789ab"

var paid = contract.OrderForPayment{ID: orderID, CustomerID: "c1", Status: contract.StatusPaid, Total: money.Money{Amount: 2500, Currency: "EUR"}}

// answer is one scripted response of a stub orders service.
type answer func(w http.ResponseWriter, r *http.Request)

func ok(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(paid)
}

func problem(status int, code, retryAfter string) answer {
	return func(w http.ResponseWriter, _ *http.Request) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"type":"/problems/x","title":"x","status":` + itoa(status) + `,"detail":"what orders said",` +
			`"instance":"/x","code":"` + code + `","request_id":"r","errors":[{"field":"order_id","code":"invalid","message":"m"}]}`))
	}
}

func text(status int, body string) answer {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

// hangUp drops the connection without answering, as a crashing or restarting service does.
func hangUp(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

// scripted serves the answers in order, the last one for every further request, and counts
// the requests that reached it.
func scripted(t *testing.T, answers ...answer) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(hits.Add(1))
		answers[min(n, len(answers))-1](w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// newClient has a tiny backoff, so retries cost the tests nothing.
func newClient(t *testing.T, baseURL string, opts ...ordershttp.Option) *ordershttp.Client {
	t.Helper()
	c, err := ordershttp.New(baseURL, append([]ordershttp.Option{ordershttp.WithBackoff(time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
