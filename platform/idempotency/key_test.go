package idempotency_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/modmono/platform/idempotency"
)

// keyPattern is the contract's rule written another way, as the oracle.
var keyPattern = regexp.MustCompile(`^[\x20-\x7e]{1,255}$`)

func TestValidKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		key  string
		want bool
	}{
		{"", false},
		{"a", true},
		{" ", true},
		{"~", true},
		{strings.Repeat("x", 255), true},
		{strings.Repeat("x", 256), false},
		{"0190a6f1-7c1e-7bbb-8f3a-0123456789ab", true},
		{"line\nbreak", false},
		{"nul\x00", false},
		{"del\x7f", false},
		{"é", false},
		{"\xff", false},
	} {
		if got := idempotency.ValidKey(tc.key); got != tc.want {
			t.Errorf("ValidKey(%q) = %t, want %t", tc.key, got, tc.want)
		}
	}
}

func FuzzValidKey(f *testing.F) {
	for _, seed := range []string{"", "a", strings.Repeat("k", 255), strings.Repeat("k", 256), "a\x00b", "\x1f", "\x7f", "é", "\xff\xfe", " ~"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, key string) {
		if got, want := idempotency.ValidKey(key), keyPattern.MatchString(key); got != want {
			t.Fatalf("ValidKey(%q) = %t, want %t", key, got, want)
		}
	})
}
