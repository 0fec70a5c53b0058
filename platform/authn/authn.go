// Package authn verifies access tokens and carries the authenticated principal in the context.
package authn

import "context"

// Role names shared by every context.
const (
	RoleCustomer = "customer"
	RoleAdmin    = "admin"
)

// Principal is who made the request, as the access token says.
type Principal struct {
	UserID string
	Roles  []string
	// TokenID is the token's jti, for logs and audit.
	TokenID string
}

func (p Principal) HasRole(role string) bool {
	for _, r := range p.Roles {
		if r == role {
			return true
		}
	}
	return false
}

func (p Principal) IsAdmin() bool { return p.HasRole(RoleAdmin) }

type principalKey struct{}

func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the principal of an authenticated request.
func FromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}
