package web

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/modmono/admin/internal/apiclient"
)

// TestRotateKeysAction: the Keys page lists the stored keys; its Rotate button asks the API,
// with the admin's own token, and comes back to the page with a notice.
func TestRotateKeysAction(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.api.keys = []apiclient.Key{{Purpose: "jwt-signing", Generation: 1, State: "signing"}}
	cookie, _ := r.login("admin@example.com")
	status, html, cookie := r.page("/admin/keys", cookie)
	if status != http.StatusOK || !strings.Contains(html, tag("signing")) || strings.Contains(html, tag("published")) {
		t.Fatalf("keys page before rotating: status %d, want 200 listing the signing key only:\n%s", status, html)
	}
	token := csrfOf(t, html)

	tests := []struct {
		name         string
		body         string
		wantStatus   int
		wantLocation string
		wantRotated  []string
	}{
		{"without the CSRF token nothing rotates", "", http.StatusForbidden, "", nil},
		{"with it the API rotates, as the admin", "csrf=" + token, http.StatusSeeOther, "/admin/keys?msg=rotated", []string{"admin@example.com"}},
	}
	for _, tt := range tests {
		rec := r.do(http.MethodPost, "/admin/keys/rotate", tt.body, cookie, nil)
		if next := sessionCookie(rec); next != "" {
			cookie = next
		}
		if rec.Code != tt.wantStatus || rec.Header().Get("Location") != tt.wantLocation {
			t.Fatalf("%s: got %d to %q; want %d to %q", tt.name, rec.Code, rec.Header().Get("Location"), tt.wantStatus, tt.wantLocation)
		}
		if !slices.Equal(r.api.rotated, tt.wantRotated) {
			t.Fatalf("%s: rotations by %v; want %v", tt.name, r.api.rotated, tt.wantRotated)
		}
	}
	_, html, _ = r.page("/admin/keys?msg=rotated", cookie)
	if !strings.Contains(html, tag("published")) || !strings.Contains(html, "New keys published") {
		t.Fatalf("keys page after rotating lacks the published key or the notice:\n%s", html)
	}
}

func tag(state string) string { return `<span class="tag">` + state + `</span>` }
