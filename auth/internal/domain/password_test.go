package domain_test

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"pgregory.net/rapid"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/errs"
)

func TestValidatePassword(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, raw, code string
	}{
		{"12 characters", "tulip-harbor", ""},
		{"11 characters", "tulip-harbo", errs.FieldTooShort},
		{"empty", "", errs.FieldTooShort},
		{"128 characters", strings.Repeat("xk", 64), ""},
		{"129 characters", strings.Repeat("x", 129), errs.FieldTooLong},
		// 12 code points but 36 bytes: the rule counts characters, not bytes.
		{"12 multi-byte code points", strings.Repeat("漢", 12), ""},
		{"11 emoji are too short despite 44 bytes", strings.Repeat("🔑", 11), errs.FieldTooShort},
		{"128 emoji are not truncated nor rejected", strings.Repeat("🔑", 128), ""},
		{"common password", "password1234", domain.FieldPasswordTooCommon},
		{"common password in capitals", "PASSWORD1234", domain.FieldPasswordTooCommon},
		{"keyboard walk", "qwertyuiopasdfgh", domain.FieldPasswordTooCommon},
		{"digit run", "123456789012", domain.FieldPasswordTooCommon},
		{"classic phrase", "iloveyou1234", domain.FieldPasswordTooCommon},
		{"spaces count", "            ", ""},
		{"invalid utf-8", "correct-horse\xff", errs.FieldInvalidUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantField(t, domain.ValidatePassword(tt.raw, "new_password"), "new_password", tt.code)
		})
	}
}

func TestPasswordLengthRuleCountsCodePoints(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		raw := rapid.StringN(0, 140, -1).Draw(t, "raw")
		err := domain.ValidatePassword(raw, "password")
		n := utf8.RuneCountInString(raw)
		code := ""
		if e, ok := errs.As(err); ok {
			code = e.Fields[0].Code
		}
		switch {
		case n < 12 && code != errs.FieldTooShort:
			t.Fatalf("%d code points: want too_short, got %q", n, code)
		case n > 128 && code != errs.FieldTooLong:
			t.Fatalf("%d code points: want too_long, got %q", n, code)
		case n >= 12 && n <= 128 && code != "" && code != domain.FieldPasswordTooCommon:
			t.Fatalf("%d code points: want accepted or too common, got %q", n, code)
		}
	})
}

// The list is data that people edit by hand: keep it in the shape the loader expects.
func TestCommonPasswordsListIsWellFormed(t *testing.T) {
	t.Parallel()
	text, err := os.ReadFile("common_passwords.txt")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	entries := 0
	for i, line := range strings.Split(strings.TrimSuffix(string(text), "\n"), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		entries++
		switch {
		case line != strings.ToLower(line) || line != strings.TrimSpace(line):
			t.Errorf("line %d %q: must be lower-case without surrounding spaces", i+1, line)
		case utf8.RuneCountInString(line) < 12:
			t.Errorf("line %d %q: shorter than 12, the length rule rejects it already", i+1, line)
		case seen[line]:
			t.Errorf("line %d %q: duplicate", i+1, line)
		case !domain.IsCommonPassword(strings.ToUpper(line)):
			t.Errorf("line %d %q: not found by IsCommonPassword", i+1, line)
		}
		seen[line] = true
	}
	if entries < 300 {
		t.Errorf("the list has %d entries, want several hundred", entries)
	}
}

func FuzzValidatePassword(f *testing.F) {
	for _, s := range []string{"", "password1234", "tulip-harbor", strings.Repeat("🔑", 128), "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		err := domain.ValidatePassword(raw, "password")
		if err == nil {
			n := utf8.RuneCountInString(raw)
			if !utf8.ValidString(raw) || n < 12 || n > 128 || domain.IsCommonPassword(raw) {
				t.Fatalf("ValidatePassword accepted %q (%d code points)", raw, n)
			}
			return
		}
		if e, ok := errs.As(err); !ok || e.Kind != errs.KindInvalid || len(e.Fields) != 1 || e.Fields[0].Field != "password" {
			t.Fatalf("ValidatePassword(%q) = %v: want one field error on password", raw, err)
		}
	})
}
