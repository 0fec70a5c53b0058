package domain

import (
	_ "embed"
	"strings"
	"unicode/utf8"

	"github.com/modmono/platform/errs"
)

// The length of a password in code points; the OpenAPI document states it too.
const (
	MinPasswordRunes = 12
	MaxPasswordRunes = 128
)

// commonPasswordsText holds well-known passwords of 12 or more characters, one per line,
// lower-case; lines starting with '#' are comments. See the file's header for its sources.
//
//go:embed common_passwords.txt
var commonPasswordsText string

var commonPasswords = parseCommonPasswords(commonPasswordsText)

func parseCommonPasswords(text string) map[string]struct{} {
	set := make(map[string]struct{})
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		set[strings.ToLower(line)] = struct{}{}
	}
	return set
}

// ValidatePassword applies the password policy to raw and names field in the error: 12..128
// Unicode code points (counted, never truncated, so every character the user typed matters) and
// not a well-known common password, compared case-insensitively because "PASSWORD1234" is
// guessed as early as "password1234".
func ValidatePassword(raw string, field string) error {
	if !utf8.ValidString(raw) {
		return errs.Validation(errs.Field(field, errs.FieldInvalidUTF8, "the password is not valid UTF-8"))
	}
	switch n := utf8.RuneCountInString(raw); {
	case n < MinPasswordRunes:
		return errs.Validation(errs.Field(field, errs.FieldTooShort, "the password must be at least 12 characters"))
	case n > MaxPasswordRunes:
		return errs.Validation(errs.Field(field, errs.FieldTooLong, "the password must be at most 128 characters"))
	}
	if IsCommonPassword(raw) {
		return errs.Validation(errs.Field(field, FieldPasswordTooCommon, "this password is one of the most common and easily guessed; choose another"))
	}
	return nil
}

// IsCommonPassword reports whether raw is in the embedded list, ignoring case.
func IsCommonPassword(raw string) bool {
	_, found := commonPasswords[strings.ToLower(raw)]
	return found
}
