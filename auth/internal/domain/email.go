package domain

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/modmono/platform/errs"
)

// MaxEmailLength is the longest address SMTP can carry (RFC 5321: a 256-octet path less the
// brackets), in octets; the OpenAPI document states it too.
const MaxEmailLength = 254

// Email is a normalised address: trimmed and lower-cased, so equality is the contract's
// case-insensitive comparison.
type Email struct {
	value string
}

// NormalizeEmail trims and lower-cases raw without validating it; it is the key under which
// even malformed addresses are throttled, so that a 429 cannot tell valid addresses apart.
func NormalizeEmail(raw string) string {
	return strings.ToLower(strings.TrimSpace(raw))
}

// NewEmail normalises and validates raw: a bare address (no display name, comment or angle
// brackets) of at most 254 octets.
func NewEmail(raw string) (Email, error) {
	// Checked before lower-casing, which would silently replace invalid bytes with U+FFFD.
	if !utf8.ValidString(raw) {
		return Email{}, invalidEmail()
	}
	s := NormalizeEmail(raw)
	if s == "" {
		return Email{}, errs.Validation(errs.Field("email", errs.FieldRequired, "enter an email address"))
	}
	if len(s) > MaxEmailLength {
		return Email{}, invalidEmail()
	}
	addr, err := mail.ParseAddress(s)
	// Comparing with the input rejects every form net/mail rewrites: "Name <a@b>", "a@b (c)",
	// quoted local parts.
	if err != nil || addr.Name != "" || addr.Address != s {
		return Email{}, invalidEmail()
	}
	return Email{value: s}, nil
}

// RestoreEmail rebuilds an Email read from storage, where it was validated when written.
func RestoreEmail(stored string) Email {
	return Email{value: stored}
}

func (e Email) String() string { return e.value }

func invalidEmail() error {
	return errs.Validation(errs.Field("email", errs.FieldInvalid, "enter a plain email address such as name@example.com"))
}
