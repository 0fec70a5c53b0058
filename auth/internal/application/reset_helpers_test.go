package application_test

import (
	"context"
	"encoding/json"
	"regexp"
	"testing"

	"github.com/modmono/auth/contract"
	"github.com/modmono/auth/internal/application"
)

// event is an outbox row as a subscriber receives it.
type event struct {
	ID, Type, AggregateID string
	Payload               json.RawMessage
}

// events lists the outbox rows of one type, oldest first.
func (h *harness) events(t *testing.T, typ string) []event {
	t.Helper()
	rows, err := h.engines.Read.QueryContext(context.Background(), "SELECT id, type, aggregate_id, payload FROM outbox ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []event
	for rows.Next() {
		var e event
		var payload string
		if err := rows.Scan(&e.ID, &e.Type, &e.AggregateID, &payload); err != nil {
			t.Fatal(err)
		}
		e.Payload = json.RawMessage(payload)
		if e.Type == typ {
			out = append(out, e)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func (h *harness) requestReset(t *testing.T, email string) {
	t.Helper()
	if _, err := h.app.Commands.RequestPasswordReset.Handle(context.Background(), application.RequestPasswordReset{Email: email}); err != nil {
		t.Fatalf("request a reset for %s: %v", email, err)
	}
}

// deliverReset runs the mailer subscriber's handler on e, as the relay would.
func (h *harness) deliverReset(e event) error {
	var p application.PasswordResetRequested
	if err := json.Unmarshal(e.Payload, &p); err != nil {
		return err
	}
	_, err := h.app.Commands.SendPasswordResetMail.Handle(context.Background(), application.SendPasswordResetMail{EventID: e.ID, UserID: p.UserID})
	return err
}

func (h *harness) deliverWelcome(e event) error {
	var p contract.UserRegistered
	if err := json.Unmarshal(e.Payload, &p); err != nil {
		return err
	}
	_, err := h.app.Commands.SendWelcomeMail.Handle(context.Background(), application.SendWelcomeMail{EventID: e.ID, Email: p.Email})
	return err
}

// resetToken requests a reset for email, delivers it and returns the mailed token.
func (h *harness) resetToken(t *testing.T, email string) string {
	t.Helper()
	before := len(h.events(t, application.EventPasswordResetRequested))
	h.requestReset(t, email)
	evs := h.events(t, application.EventPasswordResetRequested)
	if len(evs) != before+1 {
		t.Fatalf("%d reset events after a request for %s, want %d", len(evs), email, before+1)
	}
	if err := h.deliverReset(evs[len(evs)-1]); err != nil {
		t.Fatalf("deliver the reset mail: %v", err)
	}
	sent := h.mailer.Messages()
	return tokenIn(t, sent[len(sent)-1])
}

func (h *harness) confirm(token, password string) error {
	_, err := h.app.Commands.ConfirmPasswordReset.Handle(context.Background(), application.ConfirmPasswordReset{Token: token, NewPassword: password})
	return err
}

// column reads the one text column a query selects; tests filter in Go, so their queries need
// no dialect-specific placeholders.
func (h *harness) column(t *testing.T, query string) []string {
	t.Helper()
	rows, err := h.engines.Read.QueryContext(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var resetLink = regexp.MustCompile(`http://localhost:8080/reset-password\?token=([A-Za-z0-9_-]{43})`)

// tokenIn extracts the reset token from a reset mail's text, checking the HTML links the same.
func tokenIn(t *testing.T, m application.Message) string {
	t.Helper()
	found := resetLink.FindStringSubmatch(m.Text)
	if found == nil {
		t.Fatalf("no reset link in %q", m.Text)
	}
	if !regexp.MustCompile(`href="` + regexp.QuoteMeta(found[0]) + `"`).MatchString(m.HTML) {
		t.Fatalf("the HTML part does not link to %s: %s", found[0], m.HTML)
	}
	return found[1]
}
