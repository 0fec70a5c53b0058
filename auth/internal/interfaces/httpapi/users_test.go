package httpapi_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/platform/page"
)

func TestListUsers(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	admin := a.admin(t)
	for _, e := range []string{"a_b@x.com", "axb@x.com", "a%c@x.com"} {
		a.register(t, e)
	}
	_, customer := a.customer(t, "carl@x.com")
	want(t, a.call("GET", "/api/v1/users", customer, ""), http.StatusForbidden, "FORBIDDEN")
	want(t, a.call("GET", "/api/v1/users", "", ""), http.StatusUnauthorized, "UNAUTHENTICATED")
	wantField(t, a.call("GET", "/api/v1/users?limit=0", admin, ""), "limit", "out_of_range")

	tests := []struct {
		prefix string
		want   []string
	}{
		{"A_", []string{"a_b@x.com"}},
		{"a%", []string{"a%c@x.com"}},
		{"%", []string{}},
	}
	for _, tt := range tests {
		w := a.call("GET", "/api/v1/users?email="+url.QueryEscape(tt.prefix), admin, "")
		want(t, w, http.StatusOK, "")
		var emails []string
		for _, u := range decode[page.Page[application.UserView]](t, w).Items {
			emails = append(emails, u.Email)
		}
		if !slices.Equal(emails, tt.want) && !(len(emails) == 0 && len(tt.want) == 0) {
			t.Fatalf("?email=%s gave %v, want %v", tt.prefix, emails, tt.want)
		}
	}
	w := a.call("GET", "/api/v1/users?limit=2", admin, "")
	want(t, w, http.StatusOK, "")
	if p := decode[page.Page[application.UserView]](t, w); len(p.Items) != 2 || p.NextCursor == nil {
		t.Fatalf("first page of 2: %+v", p)
	}
}

func TestGetUser(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	admin := a.admin(t)
	annID, ann := a.customer(t, "ann@example.com")
	bobID, _ := a.customer(t, "bob@example.com")
	tests := []struct {
		name, token, id string
		status          int
		code            string
	}{
		{"self", ann, annID, 200, ""},
		{"admin", admin, bobID, 200, ""},
		{"someone else's id", ann, bobID, 404, "USER_NOT_FOUND"},
		{"unknown id", admin, "0190a0a0-0000-7000-8000-0000000000ff", 404, "USER_NOT_FOUND"},
		{"not a uuid", admin, "42", 404, "USER_NOT_FOUND"},
		{"no token", "", annID, 401, "UNAUTHENTICATED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want(t, a.call("GET", "/api/v1/users/"+tt.id, tt.token, ""), tt.status, tt.code)
		})
	}
}

func TestUpdateUser(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	admin := a.admin(t)
	annID, ann := a.customer(t, "ann@example.com")
	annPair := a.login(t, "ann@example.com", goodPassword)
	path := "/api/v1/users/" + annID
	want(t, a.call("PATCH", path, ann, `{"roles":["customer","admin"]}`), http.StatusForbidden, "FORBIDDEN")
	want(t, a.call("PATCH", "/api/v1/users/0190a0a0-0000-7000-8000-0000000000ff", admin, `{"disabled":true}`), http.StatusNotFound, "USER_NOT_FOUND")
	wantField(t, a.call("PATCH", path, admin, `{"roles":["customer","root"]}`), "roles[1]", "invalid")
	wantField(t, a.call("PATCH", path, admin, `{"email":"x@y.z"}`), "email", "unknown_field")

	w := a.call("PATCH", path, admin, `{"roles":["admin"],"full_name":"Ann A"}`)
	want(t, w, http.StatusOK, "")
	if u := decode[application.UserView](t, w); !slices.Equal(u.Roles, []string{"admin"}) || u.FullName != "Ann A" {
		t.Fatalf("updated user %+v", u)
	}
	want(t, a.call("PATCH", path, admin, `{"disabled":true}`), http.StatusOK, "")
	want(t, a.call("POST", "/api/v1/auth/refresh", "", `{"refresh_token":"`+annPair.RefreshToken+`"}`), http.StatusUnauthorized, "INVALID_TOKEN")
	want(t, a.call("POST", "/api/v1/auth/login", "", `{"email":"ann@example.com","password":"`+goodPassword+`"}`), http.StatusUnauthorized, "INVALID_CREDENTIALS")
}

func TestAdminCannotLockThemselvesOut(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	admin := a.admin(t)
	w := a.call("GET", "/api/v1/auth/me", admin, "")
	want(t, w, http.StatusOK, "")
	path := "/api/v1/users/" + decode[application.UserView](t, w).ID
	wantField(t, a.call("PATCH", path, admin, `{"roles":["customer"]}`), "roles", "not_allowed")
	wantField(t, a.call("PATCH", path, admin, `{"disabled":true}`), "disabled", "not_allowed")
}
