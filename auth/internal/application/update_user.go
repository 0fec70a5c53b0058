package application

import (
	"context"
	"fmt"
	"time"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
	"github.com/modmono/platform/errs"
)

// UpdateUser is an admin's change to any account; a nil field is left as it is.
type UpdateUser struct {
	Actor    authn.Principal
	ID       string
	Roles    *[]string
	Disabled *bool
	FullName *string
}

type updateUserHandler struct {
	uow   UnitOfWork
	clock clock.Clock
}

func NewUpdateUserHandler(uow UnitOfWork, clk clock.Clock) (bus.Handler[UpdateUser, UserView], error) {
	if err := deps.Require("update user", deps.Named("UnitOfWork", uow), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return updateUserHandler{uow: uow, clock: clk}, nil
}

func (h updateUserHandler) Handle(ctx context.Context, in UpdateUser) (UserView, error) {
	if !in.Actor.IsAdmin() {
		return UserView{}, errs.Forbidden("only admins can change other users")
	}
	roles, rolesErr := parseRoles(in.Roles)
	var nameErr error
	if in.FullName != nil {
		_, nameErr = domain.NewFullName(*in.FullName)
	}
	if err := errs.JoinFields(rolesErr, nameErr); err != nil {
		return UserView{}, err
	}
	var view UserView
	err := h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		u, err := r.Users().ByID(ctx, in.ID)
		if err != nil {
			return err
		}
		now := h.clock.Now()
		if err := apply(&u, in, roles, now); err != nil {
			return err
		}
		if err := u.CheckNotSelfLockout(in.Actor.UserID); err != nil {
			return err
		}
		if err := r.Users().Update(ctx, u); err != nil {
			return err
		}
		view = viewOf(u)
		if in.Disabled != nil && *in.Disabled { // a disabled user keeps no session
			return r.RefreshTokens().RevokeAllForUser(ctx, u.ID, now)
		}
		return nil
	})
	if err != nil {
		return UserView{}, err
	}
	return view, nil
}

func apply(u *domain.User, in UpdateUser, roles []domain.Role, now time.Time) error {
	if in.Roles != nil {
		if err := u.SetRoles(roles, now); err != nil {
			return err
		}
	}
	if in.Disabled != nil {
		if *in.Disabled {
			u.Disable(now)
		} else {
			u.Enable(now)
		}
	}
	if in.FullName != nil {
		return u.Rename(*in.FullName, now)
	}
	return nil
}

// parseRoles checks every role and names each bad one by its index, as "roles[1]".
func parseRoles(raw *[]string) ([]domain.Role, error) {
	if raw == nil {
		return nil, nil
	}
	roles := make([]domain.Role, 0, len(*raw))
	var problems []error
	for i, name := range *raw {
		r, err := domain.ParseRole(name, fmt.Sprintf("roles[%d]", i))
		problems = append(problems, err)
		roles = append(roles, r)
	}
	return roles, errs.JoinFields(problems...)
}
