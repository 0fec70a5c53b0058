package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/modmono/auth/internal/application"
)

// fuzzBody sends arbitrary bytes as the JSON body of one route: whatever arrives, the answer is
// a 2xx or a 4xx, never a 5xx. setup signs in whoever the route needs and names the path.
func fuzzBody(f *testing.F, method string, setup func(a *api) (path, token string), seeds ...string) {
	a := newAPI(f)
	path, token := setup(a)
	for _, s := range append(seeds, "", "{}", "null", "[]", `{"a":1}`, "{\"x\":\"\xff\"}", `{} {}`) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		w := a.send(method, path, token, "application/json", string(body))
		if w.Code >= 500 {
			t.Fatalf("%s %s with %q: %d %s", method, path, body, w.Code, w.Body)
		}
	})
}

func public(path string) func(*api) (string, string) {
	return func(*api) (string, string) { return path, "" }
}

func FuzzRegisterBody(f *testing.F) {
	fuzzBody(f, "POST", public("/api/v1/auth/register"), `{"email":"a@b.co","password":"correct horse battery","full_name":"A"}`)
}

func FuzzLoginBody(f *testing.F) {
	fuzzBody(f, "POST", public("/api/v1/auth/login"), `{"email":"a@b.co","password":"correct horse battery"}`)
}

func FuzzRefreshBody(f *testing.F) {
	fuzzBody(f, "POST", public("/api/v1/auth/refresh"), `{"refresh_token":"abc"}`)
}

func FuzzLogoutBody(f *testing.F) {
	fuzzBody(f, "POST", public("/api/v1/auth/logout"), `{"refresh_token":"abc"}`)
}

func FuzzPasswordResetBody(f *testing.F) {
	fuzzBody(f, "POST", public("/api/v1/auth/password-reset"), `{"email":"a@b.co"}`, `{"email":" A@B.CO "}`)
}

func FuzzConfirmPasswordResetBody(f *testing.F) {
	fuzzBody(f, "POST", public("/api/v1/auth/password-reset/confirm"),
		`{"token":"abc","new_password":"correct horse battery"}`, `{"token":"","new_password":""}`)
}

func FuzzUpdateMeBody(f *testing.F) {
	fuzzBody(f, "PATCH", func(a *api) (string, string) {
		_, token := a.customer(f, "fuzz@example.com")
		return "/api/v1/auth/me", token
	}, `{"full_name":"New Name"}`)
}

func FuzzChangePasswordBody(f *testing.F) {
	fuzzBody(f, "POST", func(a *api) (string, string) {
		_, token := a.customer(f, "fuzz@example.com")
		return "/api/v1/auth/password", token
	}, `{"current_password":"x","new_password":"yyyyyyyyyyyyyy"}`)
}

func FuzzUpdateUserBody(f *testing.F) {
	fuzzBody(f, "PATCH", func(a *api) (string, string) {
		admin := a.admin(f)
		w := a.call("GET", "/api/v1/auth/me", admin, "")
		want(f, w, http.StatusOK, "")
		return "/api/v1/users/" + decode[application.UserView](f, w).ID, admin
	}, `{"roles":["customer","admin"],"disabled":false,"full_name":"X"}`, `{"roles":["x"]}`)
}
