// Package httpx is the HTTP edge shared by every context: the echo server with its middleware,
// the one mapping of errs kinds to RFC 9457 problem responses, and strict request decoding
// with its required-member check.
package httpx
