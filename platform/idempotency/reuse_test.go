package idempotency_test

import (
	"net/http"
	"testing"

	"github.com/modmono/platform/idempotency"
)

func TestSameKeyForAnotherRequestIsRefused(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, f *fixture) {
		for _, tc := range []struct {
			name          string
			first, second call
		}{
			{"different body", withKey("/things", "k-body", `{"amount": 1}`), withKey("/things", "k-body", `{"amount": 2}`)},
			{"same JSON, other bytes", withKey("/things", "k-bytes", `{"amount":1}`), withKey("/things", "k-bytes", `{"amount": 1}`)},
			{"different path parameter", withKey("/things/1", "k-path", `{}`), withKey("/things/2", "k-path", `{}`)},
			{"different route", withKey("/things", "k-route", `{}`), withKey("/conflict", "k-route", `{}`)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if rec := f.do(tc.first); rec.Code != http.StatusCreated {
					t.Fatalf("first request: status %d, body %s", rec.Code, rec.Body)
				}
				before := f.handlers.count(tc.second.path)
				if code := problemCode(t, f.do(tc.second), http.StatusUnprocessableEntity); code != idempotency.CodeKeyReused {
					t.Errorf("code %q, want %q", code, idempotency.CodeKeyReused)
				}
				if ran := f.handlers.count(tc.second.path) - before; ran != 0 {
					t.Errorf("the second request ran %d times, want 0", ran)
				}
			})
		}
	})
}

func TestKeysAreScopedToTheUser(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, f *fixture) {
		for _, user := range []string{alice, bob} {
			c := withKey("/things", "shared-key", `{}`)
			c.user = user
			rec := f.do(c)
			if rec.Code != http.StatusCreated || rec.Header().Get(idempotency.HeaderReplayed) != "" {
				t.Errorf("%s: status %d, replayed %q; want a fresh 201", user, rec.Code, rec.Header().Get(idempotency.HeaderReplayed))
			}
		}
		if runs := f.handlers.count("/things"); runs != 2 {
			t.Errorf("the handler ran %d times, want once per user (2)", runs)
		}
		// Bob's key holds Bob's request: another request under it is refused.
		c := withKey("/things", "shared-key", `{"other": true}`)
		c.user = bob
		if code := problemCode(t, f.do(c), http.StatusUnprocessableEntity); code != idempotency.CodeKeyReused {
			t.Errorf("bob reusing his key: code %q, want %q", code, idempotency.CodeKeyReused)
		}
	})
}
