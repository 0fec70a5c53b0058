package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/internal/servertest"
)

func TestRequestID(t *testing.T) {
	t.Parallel()
	s := servertest.New(t, httpserver.Config{})
	max := strings.Repeat("a", 128)
	for _, tc := range []struct {
		name, sent string
		kept       bool
	}{
		{"valid", "abc-123_X.y", true},
		{"128 characters", max, true},
		{"one character", "a", true},
		{"absent", "", false},
		{"129 characters", max + "a", false},
		{"a space", "abc def", false},
		{"a slash", "abc/def", false},
		{"a colon", "abc:def", false},
		{"non-ASCII", "abcé", false},
		{"header injection attempt", "abc\r\nX-Evil: 1", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req := httptest.NewRequest(http.MethodGet, "/ok", nil)
			if tc.sent != "" {
				req.Header.Set(httpx.HeaderRequestID, tc.sent)
			}
			rec := s.Do(req)
			got := rec.Header().Get(httpx.HeaderRequestID)
			if tc.kept && got != tc.sent {
				t.Fatalf("X-Request-ID = %q, want the caller's %q", got, tc.sent)
			}
			if !tc.kept && (got == tc.sent || len(got) != 36) {
				t.Fatalf("X-Request-ID = %q, want a fresh UUID instead of %q", got, tc.sent)
			}
			if !strings.Contains(rec.Body.String(), `"request_id":"`+got+`"`) {
				t.Errorf("handler saw a different request id: %s", rec.Body)
			}
		})
	}
}
