package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
)

var userSpecs = []spec{
	{"users: an added user reads back whole by id and by email", func(t *testing.T, s testStore) {
		want := addUsers(t, s, "ada@example.test")[0]
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			byID, err := r.Users().ByID(ctx, want.ID)
			assertUser(t, "ByID", byID, err, want)
			byEmail, err := r.Users().ByEmail(ctx, want.Email)
			assertUser(t, "ByEmail", byEmail, err, want)
			upper, err := r.Users().ByID(ctx, strings.ToUpper(want.ID))
			assertUser(t, "ByID in upper case", upper, err, want)
			return nil
		})
	}},
	{"users: update stores every mutable field", func(t *testing.T, s testStore) {
		u := addUsers(t, s, "grace@example.test")[0]
		u.FullName, u.PasswordHash, u.Disabled = "Grace Hopper", "$argon2id$new", true
		u.Roles = []domain.Role{domain.RoleCustomer, domain.RoleAdmin}
		u.UpdatedAt = t0.Add(90*time.Second + time.Microsecond)
		do(t, s, func(ctx context.Context, r application.Repositories) error { return r.Users().Update(ctx, u) })
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			got, err := r.Users().ByID(ctx, u.ID)
			assertUser(t, "ByID after Update", got, err, u)
			return nil
		})
	}},
	{"users: a taken email is a conflict EMAIL_TAKEN", func(t *testing.T, s testStore) {
		addUsers(t, s, "taken@example.test")
		err := s.uow.Do(context.Background(), func(ctx context.Context, r application.Repositories) error {
			return r.Users().Add(ctx, newUser("taken@example.test"))
		})
		assertCode(t, "Add with a taken email", err, errs.KindConflict, domain.CodeEmailTaken)
	}},
	{"users: unknown or malformed ids and unknown emails are USER_NOT_FOUND", func(t *testing.T, s testStore) {
		addUsers(t, s, "someone@example.test")
		do(t, s, func(ctx context.Context, r application.Repositories) error {
			for _, id := range []string{ids.New(), "not-a-uuid", ""} {
				_, err := r.Users().ByID(ctx, id)
				assertCode(t, "ByID("+id+")", err, errs.KindNotFound, domain.CodeUserNotFound)
			}
			_, err := r.Users().ByEmail(ctx, domain.RestoreEmail("nobody@example.test"))
			assertCode(t, "ByEmail(unknown)", err, errs.KindNotFound, domain.CodeUserNotFound)
			err = r.Users().Update(ctx, newUser("ghost@example.test"))
			assertCode(t, "Update(unknown)", err, errs.KindNotFound, domain.CodeUserNotFound)
			return nil
		})
	}},
}

func assertUser(t *testing.T, what string, got domain.User, err error, want domain.User) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s =\n %+v\nwant\n %+v", what, got, want)
	}
}

func assertCode(t *testing.T, what string, err error, kind errs.Kind, code string) {
	t.Helper()
	if e, ok := errs.As(err); !ok || e.Kind != kind || e.Code != code {
		t.Fatalf("%s error = %v; want kind %d code %s", what, err, kind, code)
	}
}
