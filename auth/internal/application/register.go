package application

import (
	"context"

	"github.com/modmono/auth/contract"
	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/outbox"
)

// Register creates a customer account.
type Register struct {
	Email    string
	Password string
	FullName string
}

type registerHandler struct {
	uow    UnitOfWork
	hasher PasswordHasher
	clock  clock.Clock
}

func NewRegisterHandler(uow UnitOfWork, hasher PasswordHasher, clk clock.Clock) (bus.Handler[Register, UserView], error) {
	if err := deps.Require("register", deps.Named("UnitOfWork", uow), deps.Named("PasswordHasher", hasher), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return registerHandler{uow: uow, hasher: hasher, clock: clk}, nil
}

func (h registerHandler) Handle(ctx context.Context, in Register) (UserView, error) {
	email, emailErr := domain.NewEmail(in.Email)
	fullName, nameErr := domain.NewFullName(in.FullName)
	if err := errs.JoinFields(emailErr, domain.ValidatePassword(in.Password, "password"), nameErr); err != nil {
		return UserView{}, err
	}
	// Hashing takes tens of milliseconds on purpose: never while holding a transaction. A taken
	// email is found only afterwards, by the unique index, which also makes a taken address
	// answer as slowly as a free one.
	hash, err := h.hasher.Hash(ctx, in.Password)
	if err != nil {
		return UserView{}, err
	}
	u, err := domain.NewUser(ids.New(), email, fullName, hash, h.clock.Now())
	if err != nil {
		return UserView{}, err
	}
	registered, err := outbox.NewEvent(ctx, h.clock, contract.EventUserRegistered, contract.EventVersion, u.ID, contract.UserRegistered{
		UserID: u.ID, Email: u.Email.String(), FullName: u.FullName,
	})
	if err != nil {
		return UserView{}, err
	}
	err = h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		if err := r.Users().Add(ctx, u); err != nil {
			return err
		}
		return r.Outbox().Append(ctx, registered)
	})
	if err != nil {
		return UserView{}, err
	}
	return viewOf(u), nil
}
