package domain_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/errs"
)

var t0 = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

func newUser(t *testing.T) domain.User {
	t.Helper()
	u, err := domain.NewUser("u1", domain.RestoreEmail("ann@example.com"), " Ann Lee ", "hash", t0)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestNewUserIsAnEnabledCustomer(t *testing.T) {
	t.Parallel()
	u := newUser(t)
	want := domain.User{
		ID: "u1", Email: domain.RestoreEmail("ann@example.com"), FullName: "Ann Lee", PasswordHash: "hash",
		Roles: []domain.Role{domain.RoleCustomer}, CreatedAt: t0, UpdatedAt: t0,
	}
	if !reflect.DeepEqual(u, want) {
		t.Fatalf("NewUser = %+v, want %+v", u, want)
	}
	_, err := domain.NewUser("u1", domain.RestoreEmail("a@b.c"), "", "hash", t0)
	wantField(t, err, "full_name", errs.FieldRequired)
}

func TestUserChangesMoveUpdatedAt(t *testing.T) {
	t.Parallel()
	later := t0.Add(time.Hour)
	u := newUser(t)
	if err := u.Rename("Ann Smith", later); err != nil || u.FullName != "Ann Smith" || !u.UpdatedAt.Equal(later) {
		t.Fatalf("Rename: %v, %+v", err, u)
	}
	wantField(t, u.Rename("Ann\x00", later), "full_name", errs.FieldInvalid)
	u.SetPassword("new-hash", later.Add(time.Second))
	if u.PasswordHash != "new-hash" || !u.UpdatedAt.Equal(later.Add(time.Second)) {
		t.Fatalf("SetPassword: %+v", u)
	}
	u.Disable(later)
	if !u.Disabled {
		t.Fatal("Disable left the user enabled")
	}
	u.Enable(later)
	if u.Disabled {
		t.Fatal("Enable left the user disabled")
	}
}

func TestSetRoles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		roles []domain.Role
		want  []domain.Role
		field string
	}{
		{"admin and customer in canonical order", []domain.Role{"admin", "customer"}, []domain.Role{"customer", "admin"}, ""},
		{"admin only", []domain.Role{"admin"}, []domain.Role{"admin"}, ""},
		{"duplicates collapse", []domain.Role{"admin", "admin"}, []domain.Role{"admin"}, ""},
		{"empty leaves a customer", nil, []domain.Role{"customer"}, ""},
		{"unknown role names its index", []domain.Role{"customer", "root"}, nil, "roles[1]"},
		{"roles are case-sensitive", []domain.Role{"Admin"}, nil, "roles[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u := newUser(t)
			err := u.SetRoles(tt.roles, t0)
			if tt.field != "" {
				wantField(t, err, tt.field, errs.FieldInvalid)
				if !reflect.DeepEqual(u.Roles, []domain.Role{domain.RoleCustomer}) {
					t.Fatalf("a refused SetRoles changed the roles to %v", u.Roles)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(u.Roles, tt.want) {
				t.Fatalf("SetRoles(%v) = %v, roles %v; want %v", tt.roles, err, u.Roles, tt.want)
			}
		})
	}
}

func TestParseRole(t *testing.T) {
	t.Parallel()
	if r, err := domain.ParseRole("admin", "roles[0]"); err != nil || r != domain.RoleAdmin {
		t.Fatalf("ParseRole(admin) = %q, %v", r, err)
	}
	_, err := domain.ParseRole("superuser", "roles[2]")
	wantField(t, err, "roles[2]", errs.FieldInvalid)
}

func TestCheckNotSelfLockout(t *testing.T) {
	t.Parallel()
	admin := func(mutate func(*domain.User)) domain.User {
		u := newUser(t)
		if err := u.SetRoles([]domain.Role{domain.RoleCustomer, domain.RoleAdmin}, t0); err != nil {
			t.Fatal(err)
		}
		mutate(&u)
		return u
	}
	demote := func(u *domain.User) { _ = u.SetRoles(nil, t0) }
	disable := func(u *domain.User) { u.Disable(t0) }
	tests := []struct {
		name, actor, field string
		user               domain.User
	}{
		{"admin keeps own role", "u1", "", admin(func(*domain.User) {})},
		{"admin demotes someone else", "other", "", admin(demote)},
		{"admin disables someone else", "other", "", admin(disable)},
		{"admin demotes self", "u1", "roles", admin(demote)},
		{"admin disables self", "u1", "disabled", admin(disable)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code := ""
			if tt.field != "" {
				code = errs.FieldNotAllowed
			}
			wantField(t, tt.user.CheckNotSelfLockout(tt.actor), tt.field, code)
		})
	}
}
