package authn_test

import (
	"strings"
	"testing"

	"github.com/modmono/platform/authn"
)

func TestBearerToken(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		header string
		want   string
		ok     bool
	}{
		{"Bearer abc.def.ghi", "abc.def.ghi", true},
		{"bearer abc.def.ghi", "abc.def.ghi", true},
		{"BEARER abc", "abc", true},
		{"Bearer  abc", "abc", true},
		{"Bearer a-b_c~d+e/f==", "a-b_c~d+e/f==", true},
		{"", "", false},
		{"Bearer", "", false},
		{"Bearer ", "", false},
		{"Bearer    ", "", false},
		{"Bearerabc", "", false},
		{"Bearer\tabc", "", false},
		{"Basic dXNlcjpwYXNz", "", false},
		{"Token abc", "", false},
		{" Bearer abc", "", false},
		{"Bearer abc def", "", false},
		{"Bearer abc ", "", false},
		{"Bearer ===", "", false},
		{"Bearer a=b", "", false},
		{"Bearer é", "", false},
		{"Bearer abc\x00", "", false},
		{"Bearer " + strings.Repeat("a", authn.MaxTokenLength+1), "", false},
	} {
		got, ok := authn.BearerToken(tc.header)
		if got != tc.want || ok != tc.ok {
			t.Errorf("BearerToken(%q) = %q, %v; want %q, %v", tc.header, got, ok, tc.want, tc.ok)
		}
	}
}
