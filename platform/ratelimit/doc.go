// Package ratelimit limits requests per client address and rule (registrations, password-reset
// requests, orders, payments) with fixed windows counted in the context's own database, on the
// database's clock, so every replica shares one count: one upsert per request. Over the limit a
// request is answered 429 TOO_MANY_REQUESTS with Retry-After before its handler runs.
package ratelimit
