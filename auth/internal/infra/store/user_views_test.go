package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/page"
	"github.com/modmono/platform/sqlcount"
)

var userViewSpecs = []spec{
	{"read model: UserByID answers the view, USER_NOT_FOUND otherwise", func(t *testing.T, s testStore) {
		u := addUsers(t, s, "ada@example.test")[0]
		got, err := s.views.UserByID(context.Background(), u.ID)
		want := application.UserView{ID: u.ID, Email: u.Email.String(), FullName: u.FullName,
			Roles: []string{"customer"}, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
		if err != nil || !viewEqual(got, want) {
			t.Fatalf("UserByID = %+v, %v; want %+v", got, err, want)
		}
		for _, id := range []string{ids.New(), "1; DROP TABLE users"} {
			_, err := s.views.UserByID(context.Background(), id)
			assertCode(t, "UserByID("+id+")", err, errs.KindNotFound, domain.CodeUserNotFound)
		}
	}},
	{"read model: users are listed newest first", func(t *testing.T, s testStore) {
		addUsers(t, s, "a@example.test", "b@example.test", "c@example.test")
		ctx, statements := sqlcount.Start(context.Background())
		if _, err := s.views.ListUsers(ctx, "a", page.Request{Limit: 10}); err != nil || statements.Count() != 1 {
			t.Fatalf("ListUsers ran %d statements (%v); want 1", statements.Count(), err)
		}
		got := listEmails(t, s, "", page.Request{Limit: 10})
		if want := []string{"c@example.test", "b@example.test", "a@example.test"}; !slices.Equal(got, want) {
			t.Fatalf("list = %v; want %v", got, want)
		}
	}},
	{"read model: 9 users in pages of 3 make 3 pages, the last without a next cursor", func(t *testing.T, s testStore) {
		var emails []string
		for _, c := range "abcdefghi" {
			emails = append(emails, string(c)+"@example.test")
		}
		addUsers(t, s, emails...)
		var seen []string
		req := page.Request{Limit: 3}
		for n := 1; ; n++ {
			rows, err := s.views.ListUsers(context.Background(), "", req)
			if err != nil {
				t.Fatalf("page %d: %v", n, err)
			}
			p := page.Build(rows, req, func(v application.UserView) string { return v.ID })
			for _, v := range p.Items {
				seen = append(seen, v.Email)
			}
			if p.NextCursor == nil {
				if n != 3 || len(p.Items) != 3 {
					t.Fatalf("last page is page %d with %d items; want page 3 with 3", n, len(p.Items))
				}
				break
			}
			if req, err = page.Parse("3", *p.NextCursor); err != nil || n == 3 {
				t.Fatalf("page %d: next cursor %q (%v); want page 3 to be the last", n, *p.NextCursor, err)
			}
		}
		slices.Reverse(emails)
		if !slices.Equal(seen, emails) {
			t.Fatalf("pages listed %v; want %v", seen, emails)
		}
	}},
	{"read model: the email prefix is literal and case-insensitive", func(t *testing.T, s testStore) {
		addUsers(t, s, "a%b@example.test", "axb@example.test", "a_c@example.test", "abc@example.test",
			"alice@example.test", "alina@example.test", "bob@example.test", "élodie@example.test", "ab@example.test")
		tests := []struct {
			prefix string
			want   []string
		}{
			{"a%", []string{"a%b@example.test"}},
			{"a_", []string{"a_c@example.test"}},
			{"%", nil},
			{"ALI", []string{"alina@example.test", "alice@example.test"}},
			{"Ab", []string{"ab@example.test", "abc@example.test"}},
			{"ab@", []string{"ab@example.test"}},
			{"ÉLO", []string{"élodie@example.test"}},
			{"bob@example.test", []string{"bob@example.test"}},
			{"bob@example.testx", nil},
			{"z", nil},
		}
		for _, tc := range tests {
			if got := listEmails(t, s, tc.prefix, page.Request{Limit: 20}); !slices.Equal(got, tc.want) {
				t.Errorf("prefix %q listed %v; want %v", tc.prefix, got, tc.want)
			}
		}
	}},
	{"read model: the prefix filter pages too", func(t *testing.T, s testStore) {
		addUsers(t, s, "x1@example.test", "y@example.test", "x2@example.test", "x3@example.test")
		first, err := s.views.ListUsers(context.Background(), "x", page.Request{Limit: 2})
		if err != nil || len(first) != 3 {
			t.Fatalf("first page = %d rows (%v); want limit+1 = 3", len(first), err)
		}
		rest := listEmails(t, s, "x", page.Request{Limit: 2, After: first[1].ID})
		if want := []string{"x1@example.test"}; !slices.Equal(rest, want) {
			t.Fatalf("second page = %v; want %v", rest, want)
		}
	}},
	{"read model: a cursor that is not an id is a 422 on cursor", func(t *testing.T, s testStore) {
		_, err := s.views.ListUsers(context.Background(), "", page.Request{Limit: 5, After: "zzz"})
		if e, ok := errs.As(err); !ok || e.Kind != errs.KindInvalid || len(e.Fields) != 1 || e.Fields[0].Field != "cursor" {
			t.Fatalf("ListUsers(bad cursor) error = %v; want a validation error on field cursor", err)
		}
	}},
}

func listEmails(t *testing.T, s testStore, prefix string, req page.Request) []string {
	t.Helper()
	views, err := s.views.ListUsers(context.Background(), prefix, req)
	if err != nil {
		t.Fatalf("ListUsers(%q): %v", prefix, err)
	}
	var emails []string
	for _, v := range views {
		if v.Roles == nil {
			t.Fatalf("view %s has nil roles; want a list", v.ID)
		}
		emails = append(emails, v.Email)
	}
	return emails
}

func viewEqual(a, b application.UserView) bool {
	return a.ID == b.ID && a.Email == b.Email && a.FullName == b.FullName && slices.Equal(a.Roles, b.Roles) &&
		a.Disabled == b.Disabled && a.CreatedAt.Equal(b.CreatedAt) && a.UpdatedAt.Equal(b.UpdatedAt)
}
