package application_test

import (
	"context"
	"slices"
	"testing"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/errs"
)

func ptr[T any](v T) *T { return &v }

func TestUpdateUser(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		admin := h.admin(t)
		ann, annP := h.register(t, "ann@example.com")
		tests := []struct {
			name   string
			in     application.UpdateUser
			code   string   // contract code of the error, "" for success
			fields []string // field/code pairs of a 422
			roles  []string // roles after success
		}{
			{name: "a customer cannot", in: application.UpdateUser{Actor: annP, ID: ann.ID, Roles: ptr([]string{"admin"})}, code: errs.CodeForbidden},
			{name: "unknown id", in: application.UpdateUser{Actor: admin, ID: "0190a0a0-0000-7000-8000-0000000000ff", FullName: ptr("X")}, code: domain.CodeUserNotFound},
			{name: "unknown role named by index", in: application.UpdateUser{Actor: admin, ID: ann.ID, Roles: ptr([]string{"customer", "root"}), FullName: ptr("")},
				code: errs.CodeValidationFailed, fields: []string{"roles[1]/invalid", "full_name/required"}},
			{name: "grant admin", in: application.UpdateUser{Actor: admin, ID: ann.ID, Roles: ptr([]string{"admin", "customer"})}, roles: []string{"customer", "admin"}},
			{name: "no roles leaves a customer", in: application.UpdateUser{Actor: admin, ID: ann.ID, Roles: ptr([]string{})}, roles: []string{"customer"}},
			{name: "rename only", in: application.UpdateUser{Actor: admin, ID: ann.ID, FullName: ptr("Ann B")}, roles: []string{"customer"}},
			{name: "admin cannot demote self", in: application.UpdateUser{Actor: admin, ID: admin.UserID, Roles: ptr([]string{"customer"})},
				code: errs.CodeValidationFailed, fields: []string{"roles/not_allowed"}},
			{name: "admin cannot disable self", in: application.UpdateUser{Actor: admin, ID: admin.UserID, Disabled: ptr(true)},
				code: errs.CodeValidationFailed, fields: []string{"disabled/not_allowed"}},
		}
		for _, tt := range tests {
			got, err := h.app.Commands.UpdateUser.Handle(ctx, tt.in)
			wantCode(t, err, tt.code)
			if tt.fields != nil {
				wantFields(t, err, tt.fields...)
			}
			if tt.code == "" && !slices.Equal(got.Roles, tt.roles) {
				t.Fatalf("%s: roles %v, want %v", tt.name, got.Roles, tt.roles)
			}
		}
		self, err := h.app.Queries.GetUser.Handle(ctx, application.GetUser{Actor: admin, ID: admin.UserID})
		if err != nil || !slices.Contains(self.Roles, "admin") || self.Disabled {
			t.Fatalf("a refused self-update changed the admin: %+v, %v", self, err)
		}
	})
}

func TestDisablingAUserEndsTheirSessions(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ann, _ := h.register(t, "ann@example.com")
		pair := h.login(t, "ann@example.com", goodPassword)
		setDisabled(t, h, ann.ID, true)
		setDisabled(t, h, ann.ID, false) // enabling again does not bring the old sessions back
		_, err := h.refresh(pair.RefreshToken)
		wantCode(t, err, domain.CodeInvalidToken)
		h.login(t, "ann@example.com", goodPassword)
	})
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		_, me := h.register(t, "ann@example.com")
		pair := h.login(t, "ann@example.com", goodPassword)
		change := func(current, next string) error {
			_, err := h.app.Commands.ChangePassword.Handle(ctx, application.ChangePassword{Actor: me, CurrentPassword: current, NewPassword: next})
			return err
		}
		wantCode(t, change("wrong password", "a brand new secret"), domain.CodeInvalidCredentials)
		wantFields(t, change(goodPassword, "short"), "new_password/too_short")
		wantFields(t, change(goodPassword, "qwertyuiop123"), "new_password/password_too_common")
		if err := change(goodPassword, "a brand new secret"); err != nil {
			t.Fatal(err)
		}
		_, err := h.refresh(pair.RefreshToken)
		wantCode(t, err, domain.CodeInvalidToken)
		_, err = h.app.Commands.Login.Handle(ctx, application.Login{Email: "ann@example.com", Password: goodPassword})
		wantCode(t, err, domain.CodeInvalidCredentials)
		h.login(t, "ann@example.com", "a brand new secret")
	})
}

func TestEnsureAdminIsIdempotentAndLeavesExistingUsersAlone(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		ensure := func(email string) bool {
			created, err := h.app.Commands.EnsureAdmin.Handle(ctx, application.EnsureAdmin{Email: email, Password: "bootstrap secret"})
			if err != nil {
				t.Fatalf("ensure admin %s: %v", email, err)
			}
			return created
		}
		if !ensure("Root@Example.com") || ensure("root@example.com") {
			t.Fatal("want created on the first run only")
		}
		h.login(t, "root@example.com", "bootstrap secret")
		ann, _ := h.register(t, "ann@example.com")
		if ensure("ann@example.com") {
			t.Fatal("an existing customer was recreated")
		}
		got, err := h.app.Queries.GetUser.Handle(ctx, application.GetUser{Actor: someAdmin, ID: ann.ID})
		if err != nil || !slices.Equal(got.Roles, []string{"customer"}) {
			t.Fatalf("existing user changed: %+v, %v", got, err)
		}
		_, err = h.app.Commands.EnsureAdmin.Handle(ctx, application.EnsureAdmin{Email: "x", Password: "short"})
		wantFields(t, err, "email/invalid", "password/too_short")
		if errs.KindOf(err) != errs.KindInvalid {
			t.Fatalf("want 422, got %v", err)
		}
	})
}
