package domain

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/modmono/platform/errs"
)

// MaxFullNameRunes is the longest full name, in code points once trimmed.
const MaxFullNameRunes = 200

// FullNamePattern is a trimmed full name without control characters (which would corrupt mail
// headers, logs and the admin pages) or line and paragraph separators (U+2028, U+2029): what
// NewFullName accepts, length apart. Written for RE2 and ECMA-262 alike, since the OpenAPI
// document gives it to clients.
const FullNamePattern = `^[^\s` + notInName + `](?:[^` + notInName + `]*[^\s` + notInName + `])?$`

// notInName are the characters no full name holds: C0 and C1 controls (unicode.IsControl) and
// the line and paragraph separators.
const notInName = `\x00-\x1F\x7F-\x9F` + "\u2028\u2029"

var fullNameChars = regexp.MustCompile(FullNamePattern)

// NewFullName trims raw and checks it is 1..200 code points matching FullNamePattern.
func NewFullName(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if !utf8.ValidString(s) {
		return "", fullNameError(errs.FieldInvalidUTF8, "the full name is not valid UTF-8")
	}
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		return "", fullNameError(errs.FieldRequired, "enter a full name")
	case n > MaxFullNameRunes:
		return "", fullNameError(errs.FieldTooLong, "the full name must be at most 200 characters")
	case !fullNameChars.MatchString(s):
		return "", fullNameError(errs.FieldInvalid, "the full name must not contain control characters or line breaks")
	}
	return s, nil
}

func fullNameError(code, message string) error {
	return errs.Validation(errs.Field("full_name", code, message))
}
