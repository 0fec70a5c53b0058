package domain_test

import (
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/errs"
)

func TestNewEmail(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 185) + ".com" // 254 octets
	tests := []struct {
		name, raw, want, code string
	}{
		{"plain address", "ann@example.com", "ann@example.com", ""},
		{"trimmed and lower-cased", "  Ann.Lee@Example.COM\t", "ann.lee@example.com", ""},
		{"plus addressing", "ann+shop@example.com", "ann+shop@example.com", ""},
		{"254 octets", long, long, ""},
		{"255 octets", "a" + long, "", errs.FieldInvalid},
		{"empty", "", "", errs.FieldRequired},
		{"only spaces", "   ", "", errs.FieldRequired},
		{"no at sign", "ann.example.com", "", errs.FieldInvalid},
		{"no domain", "ann@", "", errs.FieldInvalid},
		{"display name", "Ann <ann@example.com>", "", errs.FieldInvalid},
		{"angle brackets", "<ann@example.com>", "", errs.FieldInvalid},
		{"comment", "ann@example.com (Ann)", "", errs.FieldInvalid},
		{"two addresses", "a@example.com, b@example.com", "", errs.FieldInvalid},
		{"inner space", "ann lee@example.com", "", errs.FieldInvalid},
		{"invalid utf-8", "ann\xff@example.com", "", errs.FieldInvalid},
		{"newline injection", "ann@example.com\r\nBcc: x@y.z", "", errs.FieldInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := domain.NewEmail(tt.raw)
			wantField(t, err, "email", tt.code)
			if got.String() != tt.want {
				t.Fatalf("NewEmail(%q) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}

func TestRestoreEmailKeepsStoredValue(t *testing.T) {
	t.Parallel()
	if got := domain.RestoreEmail("ann@example.com"); got.String() != "ann@example.com" {
		t.Fatalf("RestoreEmail = %q", got)
	}
}

// emailish draws strings that are often, but not always, valid addresses, in any case.
func emailish() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		local := rapid.StringMatching(`[A-Za-z0-9._%+-]{1,20}`).Draw(t, "local")
		domain := rapid.StringMatching(`[A-Za-z0-9-]{1,15}\.[A-Za-z]{2,6}`).Draw(t, "domain")
		pad := rapid.StringMatching(` {0,2}`).Draw(t, "pad")
		return pad + local + "@" + domain + pad
	})
}

func TestNewEmailIsIdempotentOnItsOutput(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		raw := rapid.OneOf(emailish(), rapid.String()).Draw(t, "raw")
		e, err := domain.NewEmail(raw)
		if err != nil {
			return
		}
		again, err := domain.NewEmail(e.String())
		if err != nil || again != e {
			t.Fatalf("NewEmail(%q) = %q, but NewEmail of that = %q, %v", raw, e, again, err)
		}
	})
}

func TestNewEmailIgnoresCase(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		raw := emailish().Draw(t, "raw")
		lower, errLower := domain.NewEmail(strings.ToLower(raw))
		upper, errUpper := domain.NewEmail(strings.ToUpper(raw))
		if (errLower == nil) != (errUpper == nil) || lower != upper {
			t.Fatalf("%q: lower-case gives %q (%v), upper-case gives %q (%v)", raw, lower, errLower, upper, errUpper)
		}
	})
}

func FuzzNewEmail(f *testing.F) {
	for _, s := range []string{"ann@example.com", " A@X.COM ", "Ann <a@b.c>", "\"a b\"@c.d", "a@[127.0.0.1]", "\xff@x.y", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		e, err := domain.NewEmail(raw)
		if err != nil {
			if errs.KindOf(err) != errs.KindInvalid {
				t.Fatalf("NewEmail(%q) failed with a non-validation error: %v", raw, err)
			}
			return
		}
		s := e.String()
		if len(s) > 254 || s != strings.ToLower(s) || s != strings.TrimSpace(s) {
			t.Fatalf("NewEmail(%q) = %q: not normalised", raw, s)
		}
		if again, err := domain.NewEmail(s); err != nil || again != e {
			t.Fatalf("NewEmail is not idempotent on %q: %q, %v", s, again, err)
		}
	})
}
