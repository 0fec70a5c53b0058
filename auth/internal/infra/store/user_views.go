package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/page"
)

// NewUserReadModel answers user queries from the read engine with SQL shaped for the answer.
func NewUserReadModel(e *db.Engines) application.UserReadModel {
	return userViews{read: e.Read}
}

type userViews struct {
	read *db.Engine
}

func (m userViews) UserByID(ctx context.Context, id string) (application.UserView, error) {
	id, ok := ids.Canonical(id)
	if !ok {
		return application.UserView{}, domain.ErrUserNotFound()
	}
	// Get, not QueryRow: GET /auth/me runs this on every call, and Get skips database/sql.
	v, err := scanUserView(db.ScanFunc(func(dest ...any) error {
		return queries.Get(ctx, m.read, "user_views.by_id", db.Args{"id": id}, dest...)
	}))
	if errors.Is(err, sql.ErrNoRows) {
		return application.UserView{}, domain.ErrUserNotFound().WithCause(err)
	}
	if err != nil {
		return application.UserView{}, fmt.Errorf("read user %s: %w", id, err)
	}
	return v, nil
}

func (m userViews) ListUsers(ctx context.Context, emailPrefix string, req page.Request) ([]application.UserView, error) {
	query, args, err := listQuery(emailPrefix, req)
	if err != nil {
		return nil, err
	}
	rows, err := queries.Query(ctx, m.read, query, args)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	views, err := db.CollectRows(rows, scanUserView)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return views, nil
}

// listQuery picks the statement and its arguments; it fetches one row more than the page so that
// page.Build can tell whether another page exists.
func listQuery(emailPrefix string, req page.Request) (string, db.Args, error) {
	after, err := req.AfterID()
	if err != nil {
		return "", nil, err
	}
	args := db.Args{"after": after, "limit": req.Limit + 1}
	if emailPrefix == "" {
		return "user_views.list", args, nil
	}
	if !utf8.ValidString(emailPrefix) {
		return "", nil, errs.Validation(errs.Field("email", errs.FieldInvalidUTF8, "the email prefix is not valid UTF-8"))
	}
	// Emails are stored lower-cased (domain.NormalizeEmail), so lower-casing the prefix makes the
	// match case-insensitive.
	prefix := strings.ToLower(emailPrefix)
	end, ok := prefixEnd(prefix)
	if !ok {
		// Only U+10FFFF, a noncharacter no valid email holds: nothing can match. An impossible
		// range keeps this one statement.
		end = prefix
	}
	args["prefix"], args["prefix_end"] = prefix, end
	return "user_views.list_by_email_prefix", args, nil
}

func scanUserView(row db.Scanner) (application.UserView, error) {
	var (
		v     application.UserView
		roles string
	)
	if err := row.Scan(&v.ID, &v.Email, &v.FullName, &roles, &v.Disabled, &v.CreatedAt, &v.UpdatedAt); err != nil {
		return application.UserView{}, err
	}
	v.Roles = decodeRoleNames(roles)
	v.CreatedAt, v.UpdatedAt = v.CreatedAt.UTC(), v.UpdatedAt.UTC()
	return v, nil
}
