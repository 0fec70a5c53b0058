package application

import (
	"context"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/errs"
)

// Observer is told the security outcomes operators watch: failed sign-ins and the requests
// refused by the per-email limits. The infra layer counts them in metrics; nil observes nothing.
type Observer interface {
	// LoginFailed is a sign-in refused for a wrong email or password (or a disabled account).
	LoginFailed()
	// RateLimited is a request refused with 429 by a limit; endpoint names the limit
	// ("login", "password_reset").
	RateLimited(endpoint string)
}

// Rate-limited endpoints, as Observer.RateLimited names them.
const (
	EndpointLogin         = "login"
	EndpointPasswordReset = "password_reset"
)

type noObserver struct{}

func (noObserver) LoginFailed()       {}
func (noObserver) RateLimited(string) {}

// observed tells o about h's refusals. It wraps the handler outside the bus, so a call the
// bus retries is still one outcome.
func observed[In, Out any](h bus.Handler[In, Out], endpoint string, o Observer) bus.Handler[In, Out] {
	return bus.HandlerFunc[In, Out](func(ctx context.Context, in In) (Out, error) {
		out, err := h.Handle(ctx, in)
		switch {
		case err == nil:
		case errs.KindOf(err) == errs.KindTooManyRequests:
			o.RateLimited(endpoint)
		case endpoint == EndpointLogin && errs.HasCode(err, domain.CodeInvalidCredentials):
			o.LoginFailed()
		}
		return out, err
	})
}
