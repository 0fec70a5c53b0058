package application

import (
	"context"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
)

// SendPasswordResetMail makes a reset token and mails its link; the mailer subscriber runs it
// for each auth.password_reset_requested event.
type SendPasswordResetMail struct {
	EventID string
	UserID  string
}

type sendPasswordResetMailHandler struct {
	uow      UnitOfWork
	delivery mailDelivery
	composer MailComposer
	clock    clock.Clock
	cfg      Config
}

func NewSendPasswordResetMailHandler(uow UnitOfWork, mailer Mailer, composer MailComposer, clk clock.Clock, cfg Config) (bus.Handler[SendPasswordResetMail, struct{}], error) {
	err := deps.Require("send password reset mail", deps.Named("UnitOfWork", uow), deps.Named("Mailer", mailer), deps.Named("MailComposer", composer), deps.Named("Clock", clk))
	if err != nil {
		return nil, err
	}
	return sendPasswordResetMailHandler{uow: uow, delivery: mailDelivery{uow: uow, mailer: mailer}, composer: composer, clock: clk, cfg: cfg}, nil
}

// Handle stores the token before sending, so every mail that leaves carries a working link. A
// failed send leaves an unusable-by-anyone token behind (its only copy was in the mail that
// did not leave) until it expires; the retry makes a fresh one.
func (h sendPasswordResetMailHandler) Handle(ctx context.Context, in SendPasswordResetMail) (struct{}, error) {
	var (
		u    domain.User
		raw  string
		skip bool
	)
	err := h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		done, err := r.Inbox().Handled(ctx, MailerSubscriber, in.EventID)
		if err != nil || done {
			skip = done
			return err
		}
		u, err = r.Users().ByID(ctx, in.UserID)
		// Deleted or disabled since the request: such an account gets no link.
		if errs.HasCode(err, domain.CodeUserNotFound) || (err == nil && u.Disabled) {
			skip = true
			return nil
		}
		if err != nil {
			return err
		}
		var token domain.PasswordResetToken
		raw, token, err = domain.NewPasswordResetToken(ids.New(), u.ID, h.clock.Now())
		if err != nil {
			return err
		}
		return r.PasswordResetTokens().Add(ctx, token)
	})
	if err != nil || skip {
		return struct{}{}, err
	}
	m, err := h.composer.PasswordReset(PasswordResetMail{
		To:       u.Email.String(),
		Link:     passwordResetLink(h.cfg.PublicBaseURL, raw),
		ValidFor: domain.PasswordResetTokenTTL,
	})
	if err != nil {
		return struct{}{}, err
	}
	return struct{}{}, h.delivery.send(ctx, in.EventID, m)
}
