package application_test

import (
	"context"
	"testing"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/platform/sqlcount"
)

// TestResetRequestsStayWithinTheirStatementBudget: each request stays well under the
// architecture's 10 round trips (BEGIN and COMMIT count), as change-password does.
func TestResetRequestsStayWithinTheirStatementBudget(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		h.register(t, "ann@example.com")
		token := h.resetToken(t, "ann@example.com")
		tests := []struct {
			name string
			max  int64
			run  func(ctx context.Context) error
		}{
			{"request, known email", 5, func(ctx context.Context) error {
				_, err := h.app.Commands.RequestPasswordReset.Handle(ctx, application.RequestPasswordReset{Email: "ann@example.com"})
				return err
			}},
			{"confirm", 8, func(ctx context.Context) error {
				_, err := h.app.Commands.ConfirmPasswordReset.Handle(ctx, application.ConfirmPasswordReset{Token: token, NewPassword: newPassword})
				return err
			}},
		}
		for _, tt := range tests {
			ctx, counter := sqlcount.Start(context.Background())
			if err := tt.run(ctx); err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if n := counter.Count(); n > tt.max {
				t.Errorf("%s: %d round trips, want at most %d", tt.name, n, tt.max)
			} else {
				t.Logf("%s: %d round trips", tt.name, n)
			}
		}
	})
}
