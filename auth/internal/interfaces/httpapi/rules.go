package httpapi

import (
	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/httpx"
)

// The rules the request bodies' members obey, for the OpenAPI document, built from the
// domain's own constants and patterns so that the document says what the domain checks.
var (
	emailRule = httpx.Rule{Format: "email", MaxLength: domain.MaxEmailLength,
		Note: "A bare address; compared case-insensitively."}
	passwordRule = httpx.Rule{MinLength: domain.MinPasswordRunes, MaxLength: domain.MaxPasswordRunes,
		Note: "Counted in Unicode code points; a well-known common password is refused (password_too_common)."}
	fullNameRule = httpx.Rule{MinLength: 1, MaxLength: domain.MaxFullNameRunes, Pattern: domain.FullNamePattern,
		Note: "Surrounding white space is trimmed before the checks: send it trimmed."}
	rolesRule = httpx.Rule{Items: &httpx.Rule{Enum: domain.KnownRoleNames()},
		Note: "The user's roles after the update; none at all leaves customer."}
)

func (RegisterRequest) BodyRules() map[string]httpx.Rule {
	return map[string]httpx.Rule{"email": emailRule, "password": passwordRule, "full_name": fullNameRule}
}

func (UpdateMeRequest) BodyRules() map[string]httpx.Rule {
	return map[string]httpx.Rule{"full_name": fullNameRule}
}

func (ChangePasswordRequest) BodyRules() map[string]httpx.Rule {
	return map[string]httpx.Rule{"new_password": passwordRule}
}

func (PasswordResetRequest) BodyRules() map[string]httpx.Rule {
	return map[string]httpx.Rule{"email": emailRule}
}

func (ConfirmPasswordResetRequest) BodyRules() map[string]httpx.Rule {
	return map[string]httpx.Rule{"new_password": passwordRule}
}

func (UpdateUserRequest) BodyRules() map[string]httpx.Rule {
	return map[string]httpx.Rule{"roles": rolesRule, "full_name": fullNameRule}
}
