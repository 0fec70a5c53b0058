package application_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/domain"
)

func TestRegisterCreatesACustomer(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		u, err := h.app.Commands.Register.Handle(context.Background(), application.Register{
			Email: "  Ann.Lee@Example.COM ", Password: goodPassword, FullName: " Ann Lee ",
		})
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "ann.lee@example.com" || u.FullName != "Ann Lee" || !slices.Equal(u.Roles, []string{"customer"}) || u.Disabled {
			t.Fatalf("registered %+v", u)
		}
		if !u.CreatedAt.Equal(start) || !u.UpdatedAt.Equal(start) {
			t.Fatalf("times %v %v, want %v", u.CreatedAt, u.UpdatedAt, start)
		}
		stored, err := h.app.Queries.GetUser.Handle(context.Background(), application.GetUser{Actor: principalOf(u), ID: u.ID})
		if err != nil || !viewsEqual(stored, u) {
			t.Fatalf("read back %+v (%v), want %+v", stored, err, u)
		}
	})
}

func TestRegisterRefusesATakenEmailWhateverItsCase(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "A@x.com")
		_, err := h.app.Commands.Register.Handle(context.Background(), application.Register{
			Email: " a@x.com ", Password: goodPassword, FullName: "Someone Else",
		})
		wantCode(t, err, domain.CodeEmailTaken)
	})
}

func TestRegisterReportsEveryInvalidField(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		tests := []struct {
			name string
			in   application.Register
			want []string
		}{
			{"all three", application.Register{Email: "nope", Password: "short", FullName: " "},
				[]string{"email/invalid", "password/too_short", "full_name/required"}},
			{"common password", application.Register{Email: "b@x.com", Password: "Password1234", FullName: "B"},
				[]string{"password/password_too_common"}},
			{"too long a name", application.Register{Email: "c@x.com", Password: goodPassword, FullName: strings.Repeat("n", 201)},
				[]string{"full_name/too_long"}},
		}
		for _, tt := range tests {
			_, err := h.app.Commands.Register.Handle(context.Background(), tt.in)
			wantFields(t, err, tt.want...)
		}
		if n := h.hasher.hashes.Load(); n != 0 {
			t.Fatalf("invalid registrations hashed %d passwords, want none", n)
		}
	})
}
