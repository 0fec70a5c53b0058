// Package ordershttp is the HTTP implementation of the orders contract: what another context
// holds as contract.Orders once orders runs as a service of its own (Stage 4). It answers as the
// in-process implementation does; a down or failing orders service is errs.Unavailable (503).
package ordershttp

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/orders/contract"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/baseurl"
)

// The endpoint this client calls; the orders service serves it (internal/interfaces/internalapi).
const (
	// PaymentViewPath answers OrderForPayment, in echo's path syntax.
	PaymentViewPath = "/internal/v1/orders/:id/payment-view"
	// QueryCustomerID carries OrderForPaymentRequest.CustomerID; absent when an admin asks.
	QueryCustomerID = "customer_id"
)

// Defaults of a Client; each has an Option.
const (
	DefaultTimeout = 3 * time.Second
	DefaultRetries = 2
	DefaultBackoff = 50 * time.Millisecond
)

// Client calls the orders service at a base URL. It is safe for concurrent use.
type Client struct {
	base    string // without a trailing slash
	http    *http.Client
	timeout time.Duration
	retries int
	backoff time.Duration
	token   func(context.Context) (string, bool)
	tracer  trace.Tracer
}

var _ contract.Orders = (*Client)(nil)

// Option tunes a Client.
type Option func(*Client)

// WithTimeout bounds a whole call, retries included.
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// WithRetries sets how many times a GET is tried again after a connection error or a 503.
func WithRetries(n int) Option { return func(c *Client) { c.retries = max(n, 0) } }

// WithBackoff sets the first retry's delay; each next one doubles, all jittered.
func WithBackoff(d time.Duration) Option { return func(c *Client) { c.backoff = d } }

// WithTransport replaces the client's own connection pool.
func WithTransport(rt http.RoundTripper) Option { return func(c *Client) { c.http.Transport = rt } }

// WithTokenSource replaces where the bearer token comes from; by default it is the caller's own,
// as the access check stored it in the request context (authn.TokenFrom).
func WithTokenSource(f func(context.Context) (string, bool)) Option {
	return func(c *Client) { c.token = f }
}

// New returns a Client of the orders service at baseURL (http or https).
func New(baseURL string, opts ...Option) (*Client, error) {
	if _, err := baseurl.Parse(baseURL); err != nil {
		return nil, fmt.Errorf("orders: %w", err)
	}
	c := &Client{
		base: strings.TrimSuffix(baseURL, "/"),
		http: &http.Client{
			Transport: newTransport(),
			// A redirect between our own services is a misconfiguration, not something to follow
			// with a bearer token.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		timeout: DefaultTimeout,
		retries: DefaultRetries,
		backoff: DefaultBackoff,
		token:   authn.TokenFrom,
		tracer:  otel.Tracer("github.com/modmono/orders/contract/ordershttp"),
	}
	for _, o := range opts {
		o(c)
	}
	if c.timeout <= 0 || c.backoff <= 0 {
		return nil, fmt.Errorf("orders client: the timeout and the backoff must be positive")
	}
	return c, nil
}

// newTransport keeps connections to orders alive, and dials with a short timeout, so that an
// unreachable host fails within the call's budget with time left for a retry.
func newTransport() *http.Transport {
	return &http.Transport{
		Proxy:               nil, // never an environment proxy between our own services
		DialContext:         (&net.Dialer{Timeout: time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        128,
		MaxIdleConnsPerHost: 64,
		IdleConnTimeout:     90 * time.Second,
	}
}

// CloseIdleConnections closes the kept-alive connections, when the process stops.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

// OrderForPayment asks orders with the caller's own token: orders checks the caller's rights
// itself, as for any of its routes.
func (c *Client) OrderForPayment(ctx context.Context, req contract.OrderForPaymentRequest) (contract.OrderForPayment, error) {
	target := c.base + strings.Replace(PaymentViewPath, ":id", url.PathEscape(req.OrderID), 1)
	if req.CustomerID != "" {
		target += "?" + url.Values{QueryCustomerID: {req.CustomerID}}.Encode()
	}
	var out contract.OrderForPayment
	if err := c.get(ctx, "OrderForPayment", target, &out); err != nil {
		return contract.OrderForPayment{}, err
	}
	return out, nil
}
