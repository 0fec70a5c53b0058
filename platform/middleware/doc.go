// Package middleware is the HTTP edge's request pipeline, one echo middleware per concern:
// request id, trace, access log, metrics, panic recovery, SQL statement counter, body limit,
// JSON-only bodies and the routes' access check, plus the client IP extractor that believes
// forwarding headers only from trusted proxies. httpserver puts them in their one order.
package middleware
