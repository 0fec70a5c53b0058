package application

import (
	"context"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/deps"
)

// GetUser reads one user; `GET /auth/me` is GetUser with the caller's own id.
type GetUser struct {
	Actor authn.Principal
	ID    string
}

type getUserHandler struct {
	users UserReadModel
}

func NewGetUserHandler(users UserReadModel) (bus.Handler[GetUser, UserView], error) {
	if err := deps.Require("get user", deps.Named("UserReadModel", users)); err != nil {
		return nil, err
	}
	return getUserHandler{users: users}, nil
}

// Handle shows a user to admins and to that user only; anyone else gets the same 404 as for a
// user that does not exist, so ids cannot be probed.
func (h getUserHandler) Handle(ctx context.Context, in GetUser) (UserView, error) {
	if !in.Actor.IsAdmin() && in.Actor.UserID != in.ID {
		return UserView{}, domain.ErrUserNotFound()
	}
	return h.users.UserByID(ctx, in.ID)
}
