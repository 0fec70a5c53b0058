// Package baseurl is the one check of a base URL a process is given: of another service (the
// gateway's and the services' AUTH_URL, ORDERS_URL, PAYMENTS_URL, the orders client, the proxy)
// or of the public front end (PUBLIC_BASE_URL).
package baseurl

import (
	"fmt"
	"net/url"
)

// Parse returns raw parsed when it is an absolute http or https URL with a host, the form a
// path can be appended to; otherwise an error that quotes it.
func Parse(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http(s) base URL", raw)
	}
	return u, nil
}
