package domain_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/errs"
)

func TestNewFullName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, raw, want, code string
	}{
		{"plain", "Ann Lee", "Ann Lee", ""},
		{"trimmed", "  Ann Lee \n", "Ann Lee", ""},
		{"non-latin", "李小龍", "李小龍", ""},
		{"200 code points", strings.Repeat("é", 200), strings.Repeat("é", 200), ""},
		{"201 code points", strings.Repeat("é", 201), "", errs.FieldTooLong},
		{"empty", "", "", errs.FieldRequired},
		{"blank", " \t ", "", errs.FieldRequired},
		{"inner newline", "Ann\nLee", "", errs.FieldInvalid},
		{"escape character", "Ann\x1b[31mLee", "", errs.FieldInvalid},
		{"line separator", "Ann\u2028Lee", "", errs.FieldInvalid},
		{"invalid utf-8", "Ann\xffLee", "", errs.FieldInvalidUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := domain.NewFullName(tt.raw)
			wantField(t, err, "full_name", tt.code)
			if got != tt.want {
				t.Fatalf("NewFullName(%q) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}

// FullNamePattern is what the OpenAPI document tells clients; it must refuse exactly the
// characters the rule refuses inside a name: every code point up to U+3000 (all the controls,
// separators and spaces are below it) and samples above.
func TestFullNamePatternRefusesExactlyControlsAndSeparators(t *testing.T) {
	t.Parallel()
	runes := []rune{0xFEFF, 0xFFFD, 0x1F600, unicode.MaxRune}
	for r := rune(0); r <= 0x3000; r++ {
		runes = append(runes, r)
	}
	for _, r := range runes {
		if !utf8.ValidRune(r) {
			continue
		}
		_, err := domain.NewFullName("a" + string(r) + "b")
		refused := unicode.IsControl(r) || r == '\u2028' || r == '\u2029'
		if (err != nil) != refused {
			t.Fatalf("NewFullName(a%qb): error %v, want refused=%t", r, err, refused)
		}
	}
}
