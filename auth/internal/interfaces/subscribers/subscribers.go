// Package subscribers is the auth context's event interface: it turns the events auth listens
// to into commands, as httpapi does with requests.
package subscribers

import (
	"context"

	"github.com/modmono/auth/contract"
	"github.com/modmono/auth/internal/application"
	"github.com/modmono/platform/outbox"
)

// Register subscribes the mailer to the events that send mail. Both run after the request that
// caused them has answered: a mail server that is down delays mail (the relay retries with
// backoff) and never fails a registration or a reset request. Each handler reads its event with
// outbox.Decode, so one of a version it does not know fails and ends parked for an operator
// rather than a mail being dropped silently.
func Register(b outbox.Subscriber, app *application.Application) {
	b.Subscribe(application.MailerSubscriber, contract.EventUserRegistered, welcome(app))
	b.Subscribe(application.MailerSubscriber, application.EventPasswordResetRequested, passwordReset(app))
}

func welcome(app *application.Application) outbox.Handler {
	return func(ctx context.Context, e outbox.Event) error {
		var p contract.UserRegistered
		if err := outbox.Decode(e, outbox.Version(contract.EventVersion, &p)); err != nil {
			return err
		}
		_, err := app.Commands.SendWelcomeMail.Handle(ctx, application.SendWelcomeMail{EventID: e.ID, Email: p.Email})
		return err
	}
}

func passwordReset(app *application.Application) outbox.Handler {
	return func(ctx context.Context, e outbox.Event) error {
		var p application.PasswordResetRequested
		if err := outbox.Decode(e, outbox.Version(application.PasswordResetRequestedVersion, &p)); err != nil {
			return err
		}
		_, err := app.Commands.SendPasswordResetMail.Handle(ctx, application.SendPasswordResetMail{EventID: e.ID, UserID: p.UserID})
		return err
	}
}
