package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/ids"
)

// users is the write-side repository of users, bound to one transaction.
type users struct {
	conn db.Conn
}

func (r users) Add(ctx context.Context, u domain.User) error {
	_, err := queries.Exec(ctx, r.conn, "users.insert", db.Args{
		"id":            u.ID,
		"email":         u.Email.String(),
		"full_name":     u.FullName,
		"password_hash": u.PasswordHash,
		"roles":         encodeRoles(u.Roles),
		"disabled":      u.Disabled,
		"created_at":    u.CreatedAt,
		"updated_at":    u.UpdatedAt,
	})
	// The email is the only unique column a caller controls (ids are fresh UUIDv7s).
	if db.IsUniqueViolation(err) {
		return domain.ErrEmailTaken().WithCause(err)
	}
	if err != nil {
		return fmt.Errorf("store new user %s: %w", u.ID, err)
	}
	return nil
}

func (r users) ByID(ctx context.Context, id string) (domain.User, error) {
	id, ok := ids.Canonical(id)
	if !ok {
		return domain.User{}, domain.ErrUserNotFound()
	}
	return r.get(ctx, "users.get_by_id", db.Args{"id": id})
}

func (r users) ByEmail(ctx context.Context, email domain.Email) (domain.User, error) {
	return r.get(ctx, "users.get_by_email", db.Args{"email": email.String()})
}

func (r users) get(ctx context.Context, query string, args db.Args) (domain.User, error) {
	u, err := scanUser(queries.QueryRow(ctx, r.conn, query, args))
	if errors.Is(err, sql.ErrNoRows) {
		return domain.User{}, domain.ErrUserNotFound().WithCause(err)
	}
	if err != nil {
		return domain.User{}, fmt.Errorf("load user: %w", err)
	}
	return u, nil
}

func (r users) Update(ctx context.Context, u domain.User) error {
	n, err := queries.Exec(ctx, r.conn, "users.update", db.Args{
		"id":            u.ID,
		"full_name":     u.FullName,
		"password_hash": u.PasswordHash,
		"roles":         encodeRoles(u.Roles),
		"disabled":      u.Disabled,
		"updated_at":    u.UpdatedAt,
	})
	if err != nil {
		return fmt.Errorf("update user %s: %w", u.ID, err)
	}
	if n == 0 {
		return domain.ErrUserNotFound()
	}
	return nil
}

func scanUser(row db.Scanner) (domain.User, error) {
	var (
		u            domain.User
		email, roles string
	)
	err := row.Scan(&u.ID, &email, &u.FullName, &u.PasswordHash, &roles, &u.Disabled, &u.CreatedAt, &u.UpdatedAt)
	if err != nil {
		return domain.User{}, err
	}
	u.Email = domain.RestoreEmail(email)
	u.Roles = decodeRoles(roles)
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return u, nil
}
