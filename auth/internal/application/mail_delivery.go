package application

import (
	"context"
	"fmt"
)

// MailerSubscriber is the name under which the mail-sending subscribers record the events they
// have handled in the inbox.
const MailerSubscriber = "auth-mailer"

// mailDelivery sends at most one mail per event, as far as an SMTP send allows. The send cannot
// join a transaction, so the inbox row is written only after a successful send (a failed one
// leaves the event to be retried by the relay) and checked before sending (a redelivery of a
// handled event sends nothing). A crash between the send and the inbox row sends the mail once
// more: at least once, never lost.
type mailDelivery struct {
	uow    UnitOfWork
	mailer Mailer
}

// handled reports whether eventID's mail has been sent already.
func (d mailDelivery) handled(ctx context.Context, eventID string) (bool, error) {
	var done bool
	err := d.uow.Do(ctx, func(ctx context.Context, r Repositories) (err error) {
		done, err = r.Inbox().Handled(ctx, MailerSubscriber, eventID)
		return err
	})
	return done, err
}

// send delivers m, then records eventID as handled.
func (d mailDelivery) send(ctx context.Context, eventID string, m Message) error {
	if err := d.mailer.Send(ctx, m); err != nil {
		return fmt.Errorf("send the mail of event %s: %w", eventID, err)
	}
	return d.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		_, err := r.Inbox().Record(ctx, MailerSubscriber, eventID)
		return err
	})
}
