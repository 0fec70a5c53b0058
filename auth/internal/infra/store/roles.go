package store

import (
	"strings"

	"github.com/modmono/auth/internal/domain"
)

// Roles are stored as one comma-separated column ("customer,admin"): a user has a handful of
// roles, they are always read together, and a role name never holds a comma. The domain keeps
// them in canonical order, so the stored text is canonical too.
const roleSeparator = ","

func encodeRoles(roles []domain.Role) string {
	return strings.Join(domain.RoleNames(roles), roleSeparator)
}

// decodeRoleNames never returns nil, so an empty set serialises as [] rather than null.
func decodeRoleNames(stored string) []string {
	if stored == "" {
		return []string{}
	}
	return strings.Split(stored, roleSeparator)
}

func decodeRoles(stored string) []domain.Role {
	names := decodeRoleNames(stored)
	roles := make([]domain.Role, len(names))
	for i, n := range names {
		roles[i] = domain.Role(n)
	}
	return roles
}
