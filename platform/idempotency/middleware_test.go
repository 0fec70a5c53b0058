package idempotency_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/idempotency"
	"github.com/modmono/platform/problem"
)

// problemCode checks that rec is a problem document with the given status and returns its code.
func problemCode(t *testing.T, rec *httptest.ResponseRecorder, status int) string {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status = %d, want %d; body %s", rec.Code, status, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != problem.ContentType {
		t.Fatalf("Content-Type = %q, want %q", ct, problem.ContentType)
	}
	var p problem.Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatalf("problem body %q: %v", rec.Body, err)
	}
	return p.Code
}

func TestKeyHeaderIsCheckedBeforeAnythingRuns(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, f *fixture) {
		for _, tc := range []struct {
			name   string
			call   call
			status int
			code   string // the problem's code; "" for a success
		}{
			{"required and missing", call{path: "/things", body: `{}`}, 400, idempotency.CodeKeyRequired},
			{"optional and missing runs normally", call{path: "/optional", body: `{}`}, 201, ""},
			{"empty", withKey("/things", "", `{}`), 400, idempotency.CodeKeyInvalid},
			{"empty on an optional route", withKey("/optional", "", `{}`), 400, idempotency.CodeKeyInvalid},
			{"256 characters", withKey("/things", strings.Repeat("k", 256), `{}`), 400, idempotency.CodeKeyInvalid},
			{"control character", withKey("/things", "key\x01", `{}`), 400, idempotency.CodeKeyInvalid},
			{"tab", withKey("/things", "a\tb", `{}`), 400, idempotency.CodeKeyInvalid},
			{"DEL", withKey("/things", "key\x7f", `{}`), 400, idempotency.CodeKeyInvalid},
			{"non-ASCII", withKey("/things", "clé", `{}`), 400, idempotency.CodeKeyInvalid},
			{"two header lines", call{path: "/things", body: `{}`, keys: []string{"a", "b"}}, 400, idempotency.CodeKeyInvalid},
			{"255 characters", withKey("/things", strings.Repeat("k", 255), `{}`), 201, ""},
			{"every printable character", withKey("/things", printable(), `{}`), 201, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := f.handlers.count(tc.call.path)
				rec := f.do(tc.call)
				ran := f.handlers.count(tc.call.path) - before
				if tc.code == "" {
					if rec.Code != tc.status || ran != 1 {
						t.Fatalf("status %d and %d runs, want %d and 1; body %s", rec.Code, ran, tc.status, rec.Body)
					}
					return
				}
				if got := problemCode(t, rec, tc.status); got != tc.code || ran != 0 {
					t.Errorf("code %q and %d runs, want %q and 0", got, ran, tc.code)
				}
			})
		}
	})
}

func printable() string {
	var b strings.Builder
	for c := byte(0x20); c <= 0x7e; c++ {
		b.WriteByte(c)
	}
	return b.String()
}

func TestSameRequestIsReplayedByteForByte(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, f *fixture) {
		for _, tc := range []struct {
			name     string
			path     string
			status   int
			wantRuns int64
			replayed bool
		}{
			{"a success", "/things", 201, 1, true},
			{"a 4xx problem", "/conflict", 409, 1, true},
			{"a 5xx is not stored: the retry runs again", "/boom", 500, 2, false},
			{"a panic is not stored: the retry runs again", "/panic", 500, 2, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				first := f.do(withKey(tc.path, "key"+tc.path, `{"amount": 1999}`))
				second := f.do(withKey(tc.path, "key"+tc.path, `{"amount": 1999}`))
				if first.Code != tc.status || second.Code != tc.status {
					t.Fatalf("statuses %d then %d, want %d twice; bodies %s, %s", first.Code, second.Code, tc.status, first.Body, second.Body)
				}
				if runs := f.handlers.count(tc.path); runs != tc.wantRuns {
					t.Errorf("the handler ran %d times, want %d", runs, tc.wantRuns)
				}
				if got := first.Header().Get(idempotency.HeaderReplayed); got != "" {
					t.Errorf("the first answer has %s: %q", idempotency.HeaderReplayed, got)
				}
				if got, want := second.Header().Get(idempotency.HeaderReplayed), map[bool]string{true: "true"}[tc.replayed]; got != want {
					t.Errorf("the second answer has %s %q, want %q", idempotency.HeaderReplayed, got, want)
				}
				if !tc.replayed {
					return
				}
				if !bytes.Equal(first.Body.Bytes(), second.Body.Bytes()) {
					t.Errorf("replayed body differs:\nfirst  %s\nsecond %s", first.Body, second.Body)
				}
				for _, h := range []string{"Content-Type", "Location"} {
					if a, b := first.Header().Get(h), second.Header().Get(h); a != b {
						t.Errorf("replayed %s = %q, first was %q", h, b, a)
					}
				}
				if a, b := first.Header().Get(httpx.HeaderRequestID), second.Header().Get(httpx.HeaderRequestID); a == b || b == "" {
					t.Errorf("the replay's X-Request-ID %q should be its own, not the first's %q", b, a)
				}
			})
		}
	})
}

func TestTheHandlerSeesTheBodyAndTheKey(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, f *fixture) {
		rec := f.do(withKey("/things", "see-key", `{"amount": 5}`))
		var got struct{ Key, Body string }
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != http.StatusCreated {
			t.Fatalf("status %d, body %s: %v", rec.Code, rec.Body, err)
		}
		if got.Key != "see-key" || got.Body != `{"amount": 5}` {
			t.Errorf("handler saw key %q and body %q, want %q and %q", got.Key, got.Body, "see-key", `{"amount": 5}`)
		}
		rec = f.do(call{path: "/optional", body: `{}`})
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got.Key != "" {
			t.Errorf("without a header, KeyFrom gave %q (err %v), want nothing", got.Key, err)
		}
	})
}
