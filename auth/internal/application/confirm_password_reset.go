package application

import (
	"context"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
	"github.com/modmono/platform/errs"
)

// ConfirmPasswordReset redeems a mailed reset token: it sets the new password, spends every
// other outstanding reset token of the user and ends all the user's sessions.
type ConfirmPasswordReset struct {
	Token       string
	NewPassword string
}

type confirmPasswordResetHandler struct {
	uow    UnitOfWork
	finder PasswordResetTokenFinder
	hasher PasswordHasher
	clock  clock.Clock
}

func NewConfirmPasswordResetHandler(uow UnitOfWork, finder PasswordResetTokenFinder, hasher PasswordHasher, clk clock.Clock) (bus.Handler[ConfirmPasswordReset, struct{}], error) {
	err := deps.Require("confirm password reset", deps.Named("UnitOfWork", uow), deps.Named("PasswordResetTokenFinder", finder), deps.Named("PasswordHasher", hasher), deps.Named("Clock", clk))
	if err != nil {
		return nil, err
	}
	return confirmPasswordResetHandler{uow: uow, finder: finder, hasher: hasher, clock: clk}, nil
}

// Handle checks the password first, so a weak one does not spend the link, then the token, so a
// bad token costs no argon2id run. The hash is computed outside any transaction; the token is
// then redeemed by a conditional update, so of two concurrent confirmations exactly one wins.
func (h confirmPasswordResetHandler) Handle(ctx context.Context, in ConfirmPasswordReset) (struct{}, error) {
	if err := domain.ValidatePassword(in.NewPassword, "new_password"); err != nil {
		return struct{}{}, err
	}
	token, err := h.finder.ByHash(ctx, domain.HashPasswordResetToken(in.Token))
	if errs.HasCode(err, domain.CodeInvalidToken) || (err == nil && !token.Usable(h.clock.Now())) {
		return struct{}{}, domain.ErrInvalidResetToken()
	}
	if err != nil {
		return struct{}{}, err
	}
	passwordHash, err := h.hasher.Hash(ctx, in.NewPassword)
	if err != nil {
		return struct{}{}, err
	}
	err = h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		now := h.clock.Now()
		redeemed, err := r.PasswordResetTokens().Redeem(ctx, token.ID, now)
		if err != nil {
			return err
		}
		if !redeemed {
			return domain.ErrInvalidResetToken()
		}
		u, err := r.Users().ByID(ctx, token.UserID)
		if errs.HasCode(err, domain.CodeUserNotFound) || (err == nil && u.Disabled) {
			return domain.ErrInvalidResetToken() // rolls the redemption back too
		}
		if err != nil {
			return err
		}
		u.SetPassword(passwordHash, now)
		if err := r.Users().Update(ctx, u); err != nil {
			return err
		}
		if err := r.PasswordResetTokens().SpendAllForUser(ctx, u.ID, now); err != nil {
			return err
		}
		return r.RefreshTokens().RevokeAllForUser(ctx, u.ID, now)
	})
	return struct{}{}, err
}
