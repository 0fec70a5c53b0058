package application_test

import (
	"context"
	"slices"
	"testing"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/page"
)

// someAdmin is an admin principal that is not any stored user.
var someAdmin = authn.Principal{UserID: "0190a0a0-0000-7000-8000-000000000000", Roles: []string{"customer", "admin"}}

func setDisabled(t *testing.T, h *harness, id string, disabled bool) {
	t.Helper()
	_, err := h.app.Commands.UpdateUser.Handle(context.Background(), application.UpdateUser{Actor: someAdmin, ID: id, Disabled: &disabled})
	if err != nil {
		t.Fatalf("set disabled=%v: %v", disabled, err)
	}
}

func TestGetUserShowsAUserToThemselvesAndToAdmins(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ann, annP := h.register(t, "ann@example.com")
		_, bobP := h.register(t, "bob@example.com")
		tests := []struct {
			name  string
			actor authn.Principal
			id    string
			want  string
		}{
			{"self", annP, ann.ID, ""},
			{"admin", someAdmin, ann.ID, ""},
			{"another customer gets a 404, not a 403", bobP, ann.ID, domain.CodeUserNotFound},
			{"admin, unknown id", someAdmin, "0190a0a0-0000-7000-8000-0000000000ff", domain.CodeUserNotFound},
			{"admin, malformed id", someAdmin, "not-a-uuid", domain.CodeUserNotFound},
		}
		for _, tt := range tests {
			got, err := h.app.Queries.GetUser.Handle(context.Background(), application.GetUser{Actor: tt.actor, ID: tt.id})
			wantCode(t, err, tt.want)
			if tt.want == "" && !viewsEqual(got, ann) {
				t.Fatalf("%s: got %+v, want %+v", tt.name, got, ann)
			}
		}
	})
}

func TestListUsers(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		for _, e := range []string{"a_b@x.com", "axb@x.com", "a%c@x.com", "abc@x.com", "Bob@x.com"} {
			h.register(t, e)
		}
		_, customer := h.register(t, "carl@x.com")
		_, err := h.app.Queries.ListUsers.Handle(ctx, application.ListUsers{Actor: customer})
		if errs.KindOf(err) != errs.KindForbidden {
			t.Fatalf("a customer listing users: want 403, got %v", err)
		}
		tests := []struct {
			prefix string
			want   []string // newest first
		}{
			{"a_", []string{"a_b@x.com"}},
			{"A%", []string{"a%c@x.com"}},
			{"B", []string{"bob@x.com"}},
			{"a", []string{"abc@x.com", "a%c@x.com", "axb@x.com", "a_b@x.com"}},
			{"zzz", []string{}},
		}
		for _, tt := range tests {
			got, err := h.app.Queries.ListUsers.Handle(ctx, application.ListUsers{Actor: someAdmin, EmailPrefix: tt.prefix})
			if err != nil {
				t.Fatal(err)
			}
			if emails := emailsOf(got.Items); !slices.Equal(emails, tt.want) || got.NextCursor != nil {
				t.Fatalf("prefix %q: got %v (next %v), want %v", tt.prefix, emails, got.NextCursor, tt.want)
			}
		}
	})
}

func TestListUsersPages(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		for _, e := range []string{"u1@x.com", "u2@x.com", "u3@x.com"} {
			h.register(t, e)
		}
		var seen []string
		req := page.Request{Limit: 2}
		for range 3 {
			got, err := h.app.Queries.ListUsers.Handle(context.Background(), application.ListUsers{Actor: someAdmin, Page: req})
			if err != nil {
				t.Fatal(err)
			}
			seen = append(seen, emailsOf(got.Items)...)
			if got.NextCursor == nil {
				break
			}
			if req, err = page.Parse("2", *got.NextCursor); err != nil {
				t.Fatal(err)
			}
		}
		if want := []string{"u3@x.com", "u2@x.com", "u1@x.com"}; !slices.Equal(seen, want) {
			t.Fatalf("pages gave %v, want %v", seen, want)
		}
	})
}

func TestUpdateMeRenames(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		_, me := h.register(t, "ann@example.com")
		got, err := h.app.Commands.UpdateMe.Handle(context.Background(), application.UpdateMe{Actor: me, FullName: " Ann Smith "})
		if err != nil || got.FullName != "Ann Smith" || !slices.Equal(got.Roles, []string{"customer"}) {
			t.Fatalf("UpdateMe = %+v, %v", got, err)
		}
		_, err = h.app.Commands.UpdateMe.Handle(context.Background(), application.UpdateMe{Actor: me, FullName: ""})
		wantFields(t, err, "full_name/required")
	})
}

func emailsOf(views []application.UserView) []string {
	emails := []string{}
	for _, v := range views {
		emails = append(emails, v.Email)
	}
	return emails
}
