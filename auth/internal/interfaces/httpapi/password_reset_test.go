package httpapi_test

import (
	"net/http"
	"regexp"
	"testing"
	"time"
)

var tokenInLink = regexp.MustCompile(`/reset-password\?token=([A-Za-z0-9_-]+)`)

// resetToken requests a reset over HTTP and returns the token of the reset mail that arrives
// for email; other mails (a welcome mail still on its way) are passed over.
func (a *api) resetToken(t *testing.T, email string) string {
	t.Helper()
	before := len(a.mailer.Messages())
	want(t, a.call("POST", "/api/v1/auth/password-reset", "", `{"email":"`+email+`"}`), http.StatusAccepted, "")
	for n := before + 1; ; n++ {
		sent := a.mailer.Wait(t, n, 5*time.Second)
		if m := sent[n-1]; m.To == email {
			if found := tokenInLink.FindStringSubmatch(m.Text); found != nil {
				return found[1]
			}
		}
	}
}

func confirmBody(token, password string) string {
	return `{"token":"` + token + `","new_password":"` + password + `"}`
}

func TestPasswordResetRequestAnswersAlikeForKnownAndUnknownEmails(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	a.register(t, "ann@example.com")
	a.mailer.Wait(t, 1, 5*time.Second) // the welcome mail
	known := a.call("POST", "/api/v1/auth/password-reset", "", `{"email":" ANN@example.com"}`)
	unknown := a.call("POST", "/api/v1/auth/password-reset", "", `{"email":"ghost@example.com"}`)
	for _, w := range []*http.Response{known.Result(), unknown.Result()} {
		if w.StatusCode != http.StatusAccepted || w.Header.Get("Content-Type") != "" {
			t.Fatalf("status %d, content type %q; want 202 without a body", w.StatusCode, w.Header.Get("Content-Type"))
		}
	}
	if known.Body.String() != unknown.Body.String() {
		t.Fatalf("bodies differ: %q and %q", known.Body, unknown.Body)
	}
	a.mailer.Wait(t, 2, 5*time.Second)
	time.Sleep(50 * time.Millisecond) // a mail to the unknown address would have come as fast
	if sent := a.mailer.Messages(); len(sent) != 2 || sent[1].To != "ann@example.com" || !tokenInLink.MatchString(sent[1].Text) {
		t.Fatalf("mails %+v, want the welcome mail and one reset mail to ann@example.com", sent)
	}
}

func TestPasswordResetRequestErrors(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	wantField(t, a.call("POST", "/api/v1/auth/password-reset", "", `{"email":"not an email"}`), "email", "invalid")
	wantField(t, a.call("POST", "/api/v1/auth/password-reset", "", `{}`), "email", "required")
	wantField(t, a.call("POST", "/api/v1/auth/password-reset", "", `{"email":"a@example.com","user_id":"x"}`), "user_id", "unknown_field")
	want(t, a.call("POST", "/api/v1/auth/password-reset", "", `{"email":`), http.StatusBadRequest, "MALFORMED_JSON")

	for range 5 {
		want(t, a.call("POST", "/api/v1/auth/password-reset", "", `{"email":"flood@example.com"}`), http.StatusAccepted, "")
	}
	w := a.call("POST", "/api/v1/auth/password-reset", "", `{"email":"Flood@Example.com"}`)
	want(t, w, http.StatusTooManyRequests, "TOO_MANY_REQUESTS")
	if got := w.Header().Get("Retry-After"); got != "900" {
		t.Fatalf("Retry-After %q, want 900", got)
	}
}

func TestPasswordResetConfirm(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	a.register(t, "ann@example.com")
	session := a.login(t, "ann@example.com", goodPassword)
	token := a.resetToken(t, "ann@example.com")
	const confirm = "/api/v1/auth/password-reset/confirm"

	wantField(t, a.call("POST", confirm, "", confirmBody(token, "short")), "new_password", "too_short")
	wantField(t, a.call("POST", confirm, "", confirmBody(token, "password1234")), "new_password", "password_too_common")
	wantField(t, a.call("POST", confirm, "", `{"token":"x"}`), "new_password", "required")
	w := a.call("POST", confirm, "", confirmBody(token, "a brand new passphrase"))
	want(t, w, http.StatusNoContent, "")

	want(t, a.call("POST", "/api/v1/auth/refresh", "", `{"refresh_token":"`+session.RefreshToken+`"}`), http.StatusUnauthorized, "INVALID_TOKEN")
	want(t, a.call("POST", "/api/v1/auth/login", "", `{"email":"ann@example.com","password":"`+goodPassword+`"}`), http.StatusUnauthorized, "INVALID_CREDENTIALS")
	a.login(t, "ann@example.com", "a brand new passphrase")

	expired := a.resetToken(t, "ann@example.com")
	a.clock.Advance(30 * time.Minute)
	for name, tok := range map[string]string{"reused": token, "expired": expired, "unknown": "AAAA"} {
		t.Run(name, func(t *testing.T) {
			want(t, a.call("POST", confirm, "", confirmBody(tok, "yet another passphrase")), http.StatusUnauthorized, "INVALID_TOKEN")
		})
	}
}
