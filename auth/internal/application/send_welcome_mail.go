package application

import (
	"context"

	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/deps"
)

// SendWelcomeMail greets a new user; the mailer subscriber runs it for each
// auth.user_registered event, so a registration never waits for (or fails with) the mail. The
// mail does not carry the full name: whoever registers chooses both it and the recipient, so a
// name such as "Click http://evil.example" would reach a stranger's inbox as the shop's words.
type SendWelcomeMail struct {
	EventID string
	Email   string
}

type sendWelcomeMailHandler struct {
	delivery mailDelivery
	composer MailComposer
	cfg      Config
}

func NewSendWelcomeMailHandler(uow UnitOfWork, mailer Mailer, composer MailComposer, cfg Config) (bus.Handler[SendWelcomeMail, struct{}], error) {
	if err := deps.Require("send welcome mail", deps.Named("UnitOfWork", uow), deps.Named("Mailer", mailer), deps.Named("MailComposer", composer)); err != nil {
		return nil, err
	}
	return sendWelcomeMailHandler{delivery: mailDelivery{uow: uow, mailer: mailer}, composer: composer, cfg: cfg}, nil
}

func (h sendWelcomeMailHandler) Handle(ctx context.Context, in SendWelcomeMail) (struct{}, error) {
	done, err := h.delivery.handled(ctx, in.EventID)
	if err != nil || done {
		return struct{}{}, err
	}
	m, err := h.composer.Welcome(WelcomeMail{To: in.Email, SiteURL: h.cfg.PublicBaseURL})
	if err != nil {
		return struct{}{}, err
	}
	return struct{}{}, h.delivery.send(ctx, in.EventID, m)
}
