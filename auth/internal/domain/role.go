package domain

import (
	"slices"

	"github.com/modmono/platform/errs"
)

// Role is what a user may do; every new user is a customer.
type Role string

const (
	RoleCustomer Role = "customer"
	RoleAdmin    Role = "admin"
)

// knownRoles is also the canonical order in which a user's roles are stored and shown.
var knownRoles = []Role{RoleCustomer, RoleAdmin}

// ParseRole accepts exactly the role names of the contract (case-sensitive, like every JSON
// value of the API). The error names field, such as "roles[1]".
func ParseRole(raw string, field string) (Role, error) {
	r := Role(raw)
	if !slices.Contains(knownRoles, r) {
		return "", errs.Validation(errs.Field(field, errs.FieldInvalid, `unknown role; use "customer" or "admin"`))
	}
	return r, nil
}

// normalizeRoles returns roles deduplicated in canonical order; none at all means customer, so
// that no account is ever left without a role.
func normalizeRoles(roles []Role) []Role {
	out := make([]Role, 0, len(knownRoles))
	for _, k := range knownRoles {
		if slices.Contains(roles, k) {
			out = append(out, k)
		}
	}
	if len(out) == 0 {
		out = append(out, RoleCustomer)
	}
	return out
}

// KnownRoleNames are the names ParseRole accepts, in canonical order.
func KnownRoleNames() []string { return RoleNames(knownRoles) }

// RoleNames returns roles as the strings of the contract.
func RoleNames(roles []Role) []string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return names
}
