package application

import (
	"context"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/deps"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/page"
)

// ListUsers pages through users, newest first, optionally only those whose email starts with
// EmailPrefix (literally, ignoring case).
type ListUsers struct {
	Actor       authn.Principal
	EmailPrefix string
	Page        page.Request
}

type listUsersHandler struct {
	users UserReadModel
}

func NewListUsersHandler(users UserReadModel) (bus.Handler[ListUsers, page.Page[UserView]], error) {
	if err := deps.Require("list users", deps.Named("UserReadModel", users)); err != nil {
		return nil, err
	}
	return listUsersHandler{users: users}, nil
}

func (h listUsersHandler) Handle(ctx context.Context, in ListUsers) (page.Page[UserView], error) {
	if !in.Actor.IsAdmin() {
		return page.Page[UserView]{}, errs.Forbidden("only admins can list users")
	}
	if len(in.EmailPrefix) > 254 { // no email is longer, so nothing could match
		return page.Page[UserView]{}, errs.Validation(errs.Field("email", errs.FieldTooLong, "the email prefix must be at most 254 characters"))
	}
	req := in.Page.WithDefaultLimit()
	rows, err := h.users.ListUsers(ctx, in.EmailPrefix, req)
	if err != nil {
		return page.Page[UserView]{}, err
	}
	return page.Build(rows, req, func(v UserView) string { return v.ID }), nil
}
