package application

import (
	"context"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
)

// ChangePassword sets a new password for the caller, who proves it is them with the current
// one, and ends every session of the account.
type ChangePassword struct {
	Actor           authn.Principal
	CurrentPassword string
	NewPassword     string
}

type changePasswordHandler struct {
	uow    UnitOfWork
	hasher PasswordHasher
	clock  clock.Clock
}

func NewChangePasswordHandler(uow UnitOfWork, hasher PasswordHasher, clk clock.Clock) (bus.Handler[ChangePassword, struct{}], error) {
	if err := deps.Require("change password", deps.Named("UnitOfWork", uow), deps.Named("PasswordHasher", hasher), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return changePasswordHandler{uow: uow, hasher: hasher, clock: clk}, nil
}

func (h changePasswordHandler) Handle(ctx context.Context, in ChangePassword) (struct{}, error) {
	if err := domain.ValidatePassword(in.NewPassword, "new_password"); err != nil {
		return struct{}{}, err
	}
	var current domain.User
	err := h.uow.Do(ctx, func(ctx context.Context, r Repositories) (err error) {
		current, err = r.Users().ByID(ctx, in.Actor.UserID)
		return err
	})
	if err != nil {
		return struct{}{}, err
	}
	// Both argon2id runs happen outside any transaction.
	ok, err := h.hasher.Verify(ctx, in.CurrentPassword, current.PasswordHash)
	if err != nil {
		return struct{}{}, err
	}
	if !ok || current.Disabled {
		return struct{}{}, domain.ErrInvalidCredentials()
	}
	hash, err := h.hasher.Hash(ctx, in.NewPassword)
	if err != nil {
		return struct{}{}, err
	}
	err = h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		u, err := r.Users().ByID(ctx, in.Actor.UserID)
		if err != nil {
			return err
		}
		if u.PasswordHash != current.PasswordHash { // changed meanwhile: what was verified is stale
			return domain.ErrInvalidCredentials()
		}
		now := h.clock.Now()
		u.SetPassword(hash, now)
		if err := r.Users().Update(ctx, u); err != nil {
			return err
		}
		return r.RefreshTokens().RevokeAllForUser(ctx, u.ID, now)
	})
	return struct{}{}, err
}
