package application

import (
	"context"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
)

// EnsureAdmin bootstraps the first admin at start: it creates the account if no user has the
// email, and otherwise leaves the existing account exactly as it is. Running it again, or on
// several instances at once, changes nothing more.
type EnsureAdmin struct {
	Email    string
	Password string
}

// bootstrapAdminName is the full name of a bootstrapped admin, who can rename themselves later.
const bootstrapAdminName = "Administrator"

type ensureAdminHandler struct {
	uow    UnitOfWork
	hasher PasswordHasher
	clock  clock.Clock
}

func NewEnsureAdminHandler(uow UnitOfWork, hasher PasswordHasher, clk clock.Clock) (bus.Handler[EnsureAdmin, bool], error) {
	if err := deps.Require("ensure admin", deps.Named("UnitOfWork", uow), deps.Named("PasswordHasher", hasher), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return ensureAdminHandler{uow: uow, hasher: hasher, clock: clk}, nil
}

// Handle reports whether it created the admin.
func (h ensureAdminHandler) Handle(ctx context.Context, in EnsureAdmin) (bool, error) {
	email, emailErr := domain.NewEmail(in.Email)
	if err := errs.JoinFields(emailErr, domain.ValidatePassword(in.Password, "password")); err != nil {
		return false, err
	}
	exists := false
	err := h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		_, err := r.Users().ByEmail(ctx, email)
		exists = err == nil
		if errs.HasCode(err, domain.CodeUserNotFound) {
			return nil
		}
		return err
	})
	if err != nil || exists {
		return false, err
	}
	hash, err := h.hasher.Hash(ctx, in.Password)
	if err != nil {
		return false, err
	}
	now := h.clock.Now()
	u, err := domain.NewUser(ids.New(), email, bootstrapAdminName, hash, now)
	if err != nil {
		return false, err
	}
	if err := u.SetRoles([]domain.Role{domain.RoleCustomer, domain.RoleAdmin}, now); err != nil {
		return false, err
	}
	err = h.uow.Do(ctx, func(ctx context.Context, r Repositories) error { return r.Users().Add(ctx, u) })
	if errs.HasCode(err, domain.CodeEmailTaken) { // another instance bootstrapped it meanwhile
		return false, nil
	}
	return err == nil, err
}
