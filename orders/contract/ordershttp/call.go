package ordershttp

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"syscall"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/reqctx"
)

// hopMargin is the part of the call's deadline kept for orders' answer to travel back.
const hopMargin = 100 * time.Millisecond

// get runs one contract call as a client span, so the call shows in the caller's trace and
// orders' server span hangs under it.
func (c *Client) get(ctx context.Context, operation, target string, out any) error {
	ctx, span := c.tracer.Start(ctx, "orders."+operation, trace.WithSpanKind(trace.SpanKindClient))
	defer span.End()
	err := c.call(ctx, http.MethodGet, target, out)
	if k := errs.KindOf(err); err != nil && (k == errs.KindUnavailable || k == errs.KindInternal) {
		span.RecordError(err)
		span.SetStatus(codes.Error, "orders call failed")
	}
	return err
}

// call sends the request, and sends an idempotent one again after a connection error or a 503,
// up to c.retries times with jittered, doubling delays, as long as the call's budget
// (c.timeout) leaves room for the delay. A refused connection fails at once, so a down service
// costs the retries' few delays, never the whole budget.
func (c *Client) call(parent context.Context, method, target string, out any) error {
	ctx, cancel := context.WithTimeout(parent, c.timeout)
	defer cancel()
	for attempt := 0; ; attempt++ {
		resp, err := c.send(ctx, method, target)
		if !c.retryable(ctx, method, attempt, resp, err) {
			return answer(parent, resp, err, out)
		}
		delay := c.delay(attempt)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < delay {
			return answer(parent, resp, err, out)
		}
		discard(resp)
		timer := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			timer.Stop()
			return answer(parent, nil, ctx.Err(), out)
		case <-timer.C:
		}
	}
}

func (c *Client) send(ctx context.Context, method, target string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, target, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "modmono-orders-client")
	if token, ok := c.token(ctx); ok {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	// One request id, one trace and one deadline across the hop, as the gateway's forwarding
	// does.
	if id := reqctx.RequestID(ctx); id != "" {
		req.Header.Set("X-Request-ID", id)
	}
	httpx.SetTimeout(ctx, req.Header, hopMargin)
	propagator().Inject(ctx, propagation.HeaderCarrier(req.Header))
	return c.http.Do(req)
}

// retryable: only a method that may safely run twice, only while the call is still wanted, and
// only when orders did not (or could not) handle the request: a connection error or a 503.
func (c *Client) retryable(ctx context.Context, method string, attempt int, resp *http.Response, err error) bool {
	if attempt >= c.retries || (method != http.MethodGet && method != http.MethodHead) || ctx.Err() != nil {
		return false
	}
	if err != nil {
		return connectionError(err)
	}
	return resp.StatusCode == http.StatusServiceUnavailable
}

// connectionError is a failure to reach orders or to keep the connection: refused, reset,
// closed by the peer, or a dial that timed out on its own (not the call's budget).
func connectionError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// delay is "equal jitter": between half and all of backoff·2^attempt, so that callers that
// failed together do not come back together.
func (c *Client) delay(attempt int) time.Duration {
	d := c.backoff << attempt
	return d/2 + rand.N(d/2+1)
}

// discard drains a response that will not be used, so its connection can be reused.
func discard(resp *http.Response) {
	if resp == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}

// propagator is the global one, or plain W3C trace context when nobody installed one: the
// contract promises traceparent crosses every hop, wiring or not.
func propagator() propagation.TextMapPropagator {
	if p := otel.GetTextMapPropagator(); len(p.Fields()) > 0 {
		return p
	}
	return propagation.TraceContext{}
}
