package application

import (
	"context"
	"time"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/outbox"
)

// EventPasswordResetRequested is internal to auth (hence not in contract): the request only
// records it, and the mailer subscriber makes the token and sends the link.
const EventPasswordResetRequested = "auth.password_reset_requested"

// PasswordResetRequestedVersion is the version of the event's payload that the request writes
// and the mailer reads.
const PasswordResetRequestedVersion = 1

// PasswordResetRequested is the event's payload. It holds no token on purpose: the token is
// made by the subscriber at send time, so no usable secret ever rests in the outbox (or, later,
// a broker). A redelivery after a failed send makes a fresh token, which costs nothing.
type PasswordResetRequested struct {
	UserID string `json:"user_id"`
}

// RequestPasswordReset asks for a reset link to be mailed to an address. It answers the same
// for every well-formed address, known or not, and sends nothing itself: the request only
// appends an event, so known and unknown addresses cost the same and answer fast.
type RequestPasswordReset struct {
	Email string
}

type requestPasswordResetHandler struct {
	uow   UnitOfWork
	clock clock.Clock
	cfg   Config
}

func NewRequestPasswordResetHandler(uow UnitOfWork, clk clock.Clock, cfg Config) (bus.Handler[RequestPasswordReset, struct{}], error) {
	if err := deps.Require("request password reset", deps.Named("UnitOfWork", uow), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return requestPasswordResetHandler{uow: uow, clock: clk, cfg: cfg}, nil
}

func (h requestPasswordResetHandler) Handle(ctx context.Context, in RequestPasswordReset) (struct{}, error) {
	email, err := domain.NewEmail(in.Email)
	if err != nil {
		return struct{}{}, err
	}
	var (
		attempts   int
		retryAfter time.Duration
	)
	// One transaction counts the request (kept even over the limit, as for logins) and, for a
	// known enabled user within the limit, appends the event.
	err = h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		var err error
		attempts, retryAfter, err = r.LoginThrottle().Reserve(ctx, throttleKey("reset", email.String()), h.cfg.PasswordResetWindow)
		if err != nil || attempts > h.cfg.MaxPasswordResets {
			return err
		}
		u, err := r.Users().ByEmail(ctx, email)
		if errs.HasCode(err, domain.CodeUserNotFound) || (err == nil && u.Disabled) {
			return nil
		}
		if err != nil {
			return err
		}
		requested, err := outbox.NewEvent(ctx, h.clock, EventPasswordResetRequested, PasswordResetRequestedVersion, u.ID, PasswordResetRequested{UserID: u.ID})
		if err != nil {
			return err
		}
		return r.Outbox().Append(ctx, requested)
	})
	if err != nil {
		return struct{}{}, err
	}
	if attempts > h.cfg.MaxPasswordResets {
		return struct{}{}, errs.TooManyRequests("too many password reset requests for this email; wait before trying again", retryAfter)
	}
	return struct{}{}, nil
}
