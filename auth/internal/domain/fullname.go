package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/modmono/platform/errs"
)

const maxFullNameRunes = 200

// NewFullName trims raw and checks it is 1..200 code points without control characters (which
// would corrupt mail headers, logs and the admin pages) or line/paragraph separators.
func NewFullName(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if !utf8.ValidString(s) {
		return "", fullNameError(errs.FieldInvalidUTF8, "the full name is not valid UTF-8")
	}
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		return "", fullNameError(errs.FieldRequired, "enter a full name")
	case n > maxFullNameRunes:
		return "", fullNameError(errs.FieldTooLong, "the full name must be at most 200 characters")
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.In(r, unicode.Zl, unicode.Zp) {
			return "", fullNameError(errs.FieldInvalid, "the full name must not contain control characters or line breaks")
		}
	}
	return s, nil
}

func fullNameError(code, message string) error {
	return errs.Validation(errs.Field("full_name", code, message))
}
