// Package proxy forwards routes to the service that runs them: how the gateway serves a context
// deployed on its own, with the route's metadata and access rule kept.
package proxy

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/netip"
	"net/url"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"github.com/modmono/platform/baseurl"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
)

// proxyTransport is shared by every forwarded route: keep-alive connections to each service, a
// short dial timeout so a service that is down answers 503 at once, and a response timeout below
// the server's write timeout (the request's deadline usually ends the wait first).
var proxyTransport = &http.Transport{
	Proxy:                 nil, // never an environment proxy between our own services
	DialContext:           (&net.Dialer{Timeout: 2 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
	MaxIdleConns:          256,
	MaxIdleConnsPerHost:   128,
	IdleConnTimeout:       90 * time.Second,
	ResponseHeaderTimeout: 25 * time.Second,
}

// copyBuffers lends the buffer each forwarded answer is copied through: without a pool,
// httputil.ReverseProxy allocates (and zeroes) 32 KiB per request, which with the GC it drives
// was about a tenth of the gateway's CPU on a forwarded order.
var copyBuffers httputil.BufferPool = &bufferPool{}

type bufferPool struct{ pool sync.Pool }

// copyBufferSize is ReverseProxy's own: an answer of the API fits in one read.
const copyBufferSize = 32 << 10

func (p *bufferPool) Get() []byte {
	if b, ok := p.pool.Get().(*[]byte); ok {
		return *b
	}
	return make([]byte, copyBufferSize)
}

func (p *bufferPool) Put(b []byte) {
	if cap(b) != copyBufferSize {
		return
	}
	b = b[:copyBufferSize]
	p.pool.Put(&b)
}

// hopMargin is the part of the deadline kept for the answer's way back through this server.
const hopMargin = 250 * time.Millisecond

// hop is what a forwarding handler tells the proxy's callbacks about one request.
type hop struct {
	clientIP string // the client as this server resolved it (echo's RealIP, see middleware.ClientIP)
	err      error  // why the service could not be reached, if it could not
}

type hopKey struct{}

// Forward returns routes whose handlers forward each request, path and query unchanged, to the
// service at baseURL: how the gateway serves a context that runs on its own. The routes keep
// their metadata (the OpenAPI document still describes them) and their access rule (the gateway
// refuses a bad token before the hop; the service checks again). The service's answer reaches
// the client unchanged; a service that cannot be reached is a 503 SERVICE_UNAVAILABLE, one that
// does not answer before the request's deadline a 504 (code SERVICE_UNAVAILABLE). The
// service receives X-Forwarded-For: <the client IP this server resolved> and no X-Real-IP, so
// it should list the gateway in its trusted proxies.
func Forward(routes []httpx.Route, service, baseURL string) ([]httpx.Route, error) {
	target, err := baseurl.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", service, err)
	}
	handler := proxyHandler(service, target)
	out := make([]httpx.Route, len(routes))
	for i, r := range routes {
		r.Handler = handler
		out[i] = r
	}
	return out, nil
}

func proxyHandler(service string, target *url.URL) echo.HandlerFunc {
	rp := &httputil.ReverseProxy{
		Transport:  proxyTransport,
		BufferPool: copyBuffers,
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.Out.Host = target.Host
			r.SetXForwarded() // X-Forwarded-Host and -Proto; X-Forwarded-For is replaced below
			// The service hears of the client this server resolved through its trusted proxies,
			// never of a header the client chose: an inbound X-Real-IP would otherwise pass through
			// unchecked (echo's GO-2026-6875), and SetXForwarded names only the immediate peer,
			// which behind a load balancer is the balancer.
			r.Out.Header.Del(echo.HeaderXRealIP)
			r.Out.Header.Del(echo.HeaderXForwardedFor)
			if h, ok := r.In.Context().Value(hopKey{}).(*hop); ok {
				if a, err := netip.ParseAddr(h.clientIP); err == nil {
					r.Out.Header.Set(echo.HeaderXForwardedFor, a.String())
				}
			}
			// One request id, one trace and one deadline across the hop: the service gives up a
			// little before this server does, so its own 503 reaches the client, not a 504
			// while it might still commit.
			r.Out.Header.Set(httpx.HeaderRequestID, httpx.RequestID(r.In.Context()))
			r.Out.Header.Del(httpx.HeaderTimeout)
			httpx.SetTimeout(r.In.Context(), r.Out.Header, hopMargin)
			otel.GetTextMapPropagator().Inject(r.In.Context(), propagation.HeaderCarrier(r.Out.Header))
		},
		ModifyResponse: func(resp *http.Response) error {
			// Already set by this server's middleware, by the same rules the service applies:
			// the service's copies would only double them.
			resp.Header.Del(httpx.HeaderRequestID)
			resp.Header.Del(echo.HeaderXContentTypeOptions)
			resp.Header.Del(echo.HeaderStrictTransportSecurity)
			resp.Header.Del("Date")
			if resp.Header.Get(echo.HeaderCacheControl) == "no-store" {
				resp.Header.Del(echo.HeaderCacheControl)
			}
			return nil
		},
		ErrorHandler: func(_ http.ResponseWriter, r *http.Request, err error) {
			if h, ok := r.Context().Value(hopKey{}).(*hop); ok {
				h.err = err
			}
		},
	}
	return func(c echo.Context) error {
		h := &hop{clientIP: c.RealIP()}
		req := c.Request()
		rp.ServeHTTP(c.Response(), req.WithContext(context.WithValue(req.Context(), hopKey{}, h)))
		if h.err == nil || c.Response().Committed {
			return nil
		}
		switch {
		case errors.Is(req.Context().Err(), context.DeadlineExceeded):
			return errs.UpstreamTimeout("the "+service+" service did not answer in time; try again shortly", time.Second, h.err)
		case req.Context().Err() != nil:
			return req.Context().Err() // the client went away; nothing to answer
		}
		return errs.Unavailable("the "+service+" service is not answering; try again shortly", time.Second, h.err)
	}
}
