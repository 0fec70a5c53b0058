package application

import (
	"context"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
)

// UpdateMe changes the caller's own profile. It carries only what a user may change about
// themselves: roles and the disabled flag are not here, so no request can grant them.
type UpdateMe struct {
	Actor    authn.Principal
	FullName string
}

type updateMeHandler struct {
	uow   UnitOfWork
	clock clock.Clock
}

func NewUpdateMeHandler(uow UnitOfWork, clk clock.Clock) (bus.Handler[UpdateMe, UserView], error) {
	if err := deps.Require("update me", deps.Named("UnitOfWork", uow), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return updateMeHandler{uow: uow, clock: clk}, nil
}

func (h updateMeHandler) Handle(ctx context.Context, in UpdateMe) (UserView, error) {
	var view UserView
	err := h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		u, err := r.Users().ByID(ctx, in.Actor.UserID)
		if err != nil {
			return err
		}
		if err := u.Rename(in.FullName, h.clock.Now()); err != nil {
			return err
		}
		view = viewOf(u)
		return r.Users().Update(ctx, u)
	})
	if err != nil {
		return UserView{}, err
	}
	return view, nil
}
