// Package domain holds the auth context's entities and rules: users, credentials and refresh
// token families. Pure Go: no I/O.
package domain

import (
	"slices"
	"strconv"
	"time"

	"github.com/modmono/platform/errs"
)

// User is the aggregate root of the auth context. Fields are exported for the repositories;
// the application changes a user only through its methods, which keep the invariants.
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

// NewUser makes an enabled customer. The password arrives already hashed: hashing is slow
// and belongs outside any transaction.
func NewUser(id string, email Email, fullName, passwordHash string, now time.Time) (User, error) {
	name, err := NewFullName(fullName)
	if err != nil {
		return User{}, err
	}
	return User{
		ID:           id,
		Email:        email,
		FullName:     name,
		PasswordHash: passwordHash,
		Roles:        []Role{RoleCustomer},
		CreatedAt:    now,
		UpdatedAt:    now,
	}, nil
}

// Rename sets a new full name after validating it.
func (u *User) Rename(fullName string, now time.Time) error {
	name, err := NewFullName(fullName)
	if err != nil {
		return err
	}
	u.FullName = name
	u.UpdatedAt = now
	return nil
}

// SetPassword replaces the password hash; revoking the user's sessions is the caller's job.
func (u *User) SetPassword(passwordHash string, now time.Time) {
	u.PasswordHash = passwordHash
	u.UpdatedAt = now
}

// SetRoles replaces the roles, keeping only known ones in canonical order; an empty list
// leaves the user a customer.
func (u *User) SetRoles(roles []Role, now time.Time) error {
	for i, r := range roles {
		if _, err := ParseRole(string(r), "roles["+strconv.Itoa(i)+"]"); err != nil {
			return err
		}
	}
	u.Roles = normalizeRoles(roles)
	u.UpdatedAt = now
	return nil
}

func (u *User) Disable(now time.Time) {
	u.Disabled = true
	u.UpdatedAt = now
}

func (u *User) Enable(now time.Time) {
	u.Disabled = false
	u.UpdatedAt = now
}

func (u User) HasRole(r Role) bool { return slices.Contains(u.Roles, r) }

// CheckNotSelfLockout refuses a change an admin makes to their own account that would take
// away their admin rights: otherwise the last admin could lock everyone out of administration.
func (u User) CheckNotSelfLockout(actorID string) error {
	if u.ID != actorID {
		return nil
	}
	var fields []errs.FieldError
	if !u.HasRole(RoleAdmin) {
		fields = append(fields, errs.Field("roles", errs.FieldNotAllowed, "you cannot remove your own admin role; ask another admin"))
	}
	if u.Disabled {
		fields = append(fields, errs.Field("disabled", errs.FieldNotAllowed, "you cannot disable your own account; ask another admin"))
	}
	if len(fields) > 0 {
		return errs.Validation(fields...)
	}
	return nil
}
