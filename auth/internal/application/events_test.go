package application_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/modmono/auth/contract"
	"github.com/modmono/auth/internal/application"
)

// TestRegisterPublishesUserRegisteredOnlyWhenItCommits: the event is written in the same
// transaction as the user, so a refused registration leaves no event behind.
func TestRegisterPublishesUserRegisteredOnlyWhenItCommits(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		u, _ := h.register(t, "events@example.com")
		_, err := h.app.Commands.Register.Handle(context.Background(), application.Register{
			Email: "EVENTS@example.com", Password: goodPassword, FullName: "Twice",
		})
		if err == nil {
			t.Fatal("second registration of one email succeeded")
		}
		rows, err := h.engines.Read.QueryContext(context.Background(),
			"SELECT type, aggregate_id, payload FROM outbox ORDER BY seq")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []contract.UserRegistered
		for rows.Next() {
			var typ, aggregate, payload string
			if err := rows.Scan(&typ, &aggregate, &payload); err != nil {
				t.Fatal(err)
			}
			var p contract.UserRegistered
			if err := json.Unmarshal([]byte(payload), &p); err != nil || typ != contract.EventUserRegistered || aggregate != u.ID {
				t.Fatalf("outbox row %s %s %s (%v), want %s for %s", typ, aggregate, payload, err, contract.EventUserRegistered, u.ID)
			}
			got = append(got, p)
		}
		want := contract.UserRegistered{UserID: u.ID, Email: "events@example.com", FullName: u.FullName}
		if len(got) != 1 || got[0] != want {
			t.Fatalf("outbox holds %+v, want exactly [%+v]", got, want)
		}
	})
}
