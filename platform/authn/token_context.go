package authn

import "context"

type tokenKey struct{}

// WithToken returns a context that carries the raw access token the request was authenticated
// with. A call the request makes to another of our services presents the same token, so the
// callee checks the caller's own rights rather than trusting the hop; the token is a bearer
// secret and is never logged.
func WithToken(ctx context.Context, raw string) context.Context {
	return context.WithValue(ctx, tokenKey{}, raw)
}

// TokenFrom returns the raw access token of an authenticated request; ok is false outside one
// (public routes, background work).
func TokenFrom(ctx context.Context) (raw string, ok bool) {
	raw, ok = ctx.Value(tokenKey{}).(string)
	return raw, ok && raw != ""
}
