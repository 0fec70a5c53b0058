package domain_test

import (
	"strings"
	"testing"

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
