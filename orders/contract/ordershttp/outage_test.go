package ordershttp_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/modmono/orders/contract"
	"github.com/modmono/orders/contract/ordershttp"
	"github.com/modmono/platform/errs"
)

// restartable is an orders stand-in that can be stopped and started again on the same address.
type restartable struct {
	addr string
	srv  *http.Server
}

func (r *restartable) start(t *testing.T) {
	t.Helper()
	addr := r.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	r.addr = l.Addr().String()
	r.srv = &http.Server{Handler: http.HandlerFunc(ok), ReadHeaderTimeout: time.Second}
	go func() { _ = r.srv.Serve(l) }()
}

func (r *restartable) stop() { _ = r.srv.Close() }

// TestADownServiceFailsFastAndRecovers: with orders stopped, a call is a 503 as soon as the
// connection is refused (a few retries, not the timeout budget), and the same client works
// again, by itself, once orders is back.
func TestADownServiceFailsFastAndRecovers(t *testing.T) {
	t.Parallel()
	const budget = 30 * time.Second
	svc := &restartable{}
	svc.start(t)
	t.Cleanup(svc.stop)
	client := newClient(t, "http://"+svc.addr, ordershttp.WithTimeout(budget))
	ask := func() error {
		_, err := client.OrderForPayment(context.Background(), contract.OrderForPaymentRequest{OrderID: orderID})
		return err
	}
	if err := ask(); err != nil { // leaves a kept-alive connection that the stop will kill
		t.Fatalf("with orders up: %v", err)
	}

	svc.stop()
	start := time.Now()
	err := ask()
	elapsed := time.Since(start)
	if e, isErrs := errs.As(err); !isErrs || e.Kind != errs.KindUnavailable || e.Code != errs.CodeServiceUnavailable {
		t.Fatalf("with orders down: %v; want a 503 SERVICE_UNAVAILABLE", err)
	}
	if errors.Is(err, context.DeadlineExceeded) || elapsed >= budget {
		t.Fatalf("with orders down the call waited for its timeout (%v): %v", elapsed, err)
	}

	svc.start(t)
	if err := ask(); err != nil {
		t.Fatalf("with orders back: %v", err)
	}
}

// TestASlowServiceIsCutOffAtTheBudget: orders that does not answer in time is a 503, and a
// timed-out GET is not sent again (the budget is spent).
func TestASlowServiceIsCutOffAtTheBudget(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv, hits := scripted(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	t.Cleanup(func() { close(release) }) // runs before srv.Close, which waits for the handler
	_, err := newClient(t, srv.URL, ordershttp.WithTimeout(100*time.Millisecond)).
		OrderForPayment(context.Background(), contract.OrderForPaymentRequest{OrderID: orderID})
	if errs.KindOf(err) != errs.KindUnavailable || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v; want a 503 caused by the deadline", err)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("orders was asked %d times, want 1", n)
	}
}

// TestACallerThatGivesUpGetsItsCancellation: nobody waits for the answer, so it is the
// caller's cancellation, not orders' unavailability.
func TestACallerThatGivesUpGetsItsCancellation(t *testing.T) {
	t.Parallel()
	srv, hits := scripted(t, ok)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := newClient(t, srv.URL).OrderForPayment(ctx, contract.OrderForPaymentRequest{OrderID: orderID})
	if !errors.Is(err, context.Canceled) || errs.KindOf(err) == errs.KindUnavailable {
		t.Fatalf("error = %v; want the caller's context.Canceled", err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("orders was asked %d times, want 0", n)
	}
}
