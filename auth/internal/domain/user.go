// Package domain holds the auth context's entities and rules: users, credentials and refresh
// token families. Pure Go: no I/O.
package domain

import "time"

// Role is what a user may do; every new user is a customer.
type Role string

const (
	RoleCustomer Role = "customer"
	RoleAdmin    Role = "admin"
)

// User is the aggregate root of the auth context.
type User struct {
	ID           string
	Email        Email
	FullName     string
	PasswordHash string
	Roles        []Role
	Disabled     bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// RefreshToken is one link of a rotation chain. All tokens descended from one login share a
// FamilyID; presenting a token that was already used revokes the whole family.
type RefreshToken struct {
	ID        string
	FamilyID  string
	UserID    string
	Hash      string // SHA-256 of the opaque token, hex; the token itself is never stored
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time // set when rotated
	RevokedAt *time.Time
}
