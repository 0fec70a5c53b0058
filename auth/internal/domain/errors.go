package domain

import "github.com/modmono/platform/errs"

// Codes of the auth context's public contract. Each error is built fresh by a function so that
// no caller can mutate a shared value (errs.Error is a pointer).
const (
	CodeEmailTaken         = "EMAIL_TAKEN"
	CodeUserNotFound       = "USER_NOT_FOUND"
	CodeInvalidCredentials = "INVALID_CREDENTIALS" //nolint:gosec // an error code, not a credential
	CodeInvalidToken       = "INVALID_TOKEN"
	CodeTokenReused        = "TOKEN_REUSED"

	// FieldPasswordTooCommon is the field code of a password found in the common-passwords list.
	FieldPasswordTooCommon = "password_too_common"
)

func ErrEmailTaken() *errs.Error {
	return errs.Conflict(CodeEmailTaken, "an account with this email already exists; sign in or reset the password")
}

func ErrUserNotFound() *errs.Error {
	return errs.NotFound(CodeUserNotFound, "no user has this id")
}

// ErrInvalidCredentials is the one answer to an unknown email, a wrong password and a disabled
// account alike, so that a login attempt never reveals which accounts exist.
func ErrInvalidCredentials() *errs.Error {
	return errs.Unauthenticated(CodeInvalidCredentials, "the email or password is wrong")
}

func ErrInvalidToken() *errs.Error {
	return errs.Unauthenticated(CodeInvalidToken, "the refresh token is unknown, expired or revoked; sign in again")
}

func ErrTokenReused() *errs.Error {
	return errs.Unauthenticated(CodeTokenReused, "the refresh token was already used, so every session started from the same sign-in was ended; sign in again")
}

// ErrInvalidResetToken answers an unknown, used and expired reset token alike: which of them it
// was helps nobody but someone probing tokens.
func ErrInvalidResetToken() *errs.Error {
	return errs.Unauthenticated(CodeInvalidToken, "the password reset link is unknown, already used or expired; request a new one")
}
