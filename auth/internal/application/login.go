package application

import (
	"context"
	"time"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
)

// Login exchanges an email and password for a new token family.
type Login struct {
	Email    string
	Password string
}

type loginHandler struct {
	uow      UnitOfWork
	hasher   PasswordHasher
	sessions sessions
	clock    clock.Clock
	cfg      Config
}

func NewLoginHandler(uow UnitOfWork, hasher PasswordHasher, issuer AccessTokenIssuer, clk clock.Clock, cfg Config) (bus.Handler[Login, TokenPair], error) {
	err := deps.Require("login", deps.Named("UnitOfWork", uow), deps.Named("PasswordHasher", hasher), deps.Named("AccessTokenIssuer", issuer), deps.Named("Clock", clk))
	if err != nil {
		return nil, err
	}
	return loginHandler{uow: uow, hasher: hasher, sessions: sessions{issuer, cfg.RefreshTTL}, clock: clk, cfg: cfg}, nil
}

func (h loginHandler) Handle(ctx context.Context, in Login) (TokenPair, error) {
	now := h.clock.Now()
	key := throttleKey("login", in.Email)
	u, known, err := h.reserveAttempt(ctx, key, in.Email, now)
	if err != nil {
		return TokenPair{}, err
	}
	if err := h.verify(ctx, u, known, in.Password); err != nil {
		return TokenPair{}, err
	}
	var pair TokenPair
	err = h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		if err := r.LoginThrottle().Reset(ctx, key); err != nil {
			return err
		}
		pair, err = h.sessions.issue(ctx, r.RefreshTokens(), u, ids.New(), now.Add(h.sessions.refreshTTL), now)
		return err
	})
	return pair, err
}

// reserveAttempt counts this attempt and commits the count before any password is checked, so
// that parallel guesses on any number of instances cannot all slip under the limit. The user is
// loaded in the same transaction to save a round trip.
func (h loginHandler) reserveAttempt(ctx context.Context, key, rawEmail string, now time.Time) (domain.User, bool, error) {
	var (
		u        domain.User
		known    bool
		attempts int
		ends     time.Time
	)
	err := h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		var err error
		attempts, ends, err = r.LoginThrottle().Reserve(ctx, key, now, h.cfg.LoginWindow)
		if err != nil || attempts > h.cfg.MaxFailedLogins {
			return err // nil when over the limit: the attempt must still be counted
		}
		email, err := domain.NewEmail(rawEmail)
		if err != nil {
			return nil // a malformed address is an unknown one
		}
		u, err = r.Users().ByEmail(ctx, email)
		if errs.HasCode(err, domain.CodeUserNotFound) {
			return nil
		}
		known = err == nil
		return err
	})
	if err != nil {
		return domain.User{}, false, err
	}
	if attempts > h.cfg.MaxFailedLogins {
		return domain.User{}, false, errs.TooManyRequests(
			"too many failed sign-ins for this email; wait before trying again", ends.Sub(now))
	}
	return u, known, nil
}

// verify always runs one argon2id comparison, so an unknown email, a wrong password and a
// disabled account take the same time and get the same answer.
func (h loginHandler) verify(ctx context.Context, u domain.User, known bool, password string) error {
	if !known {
		h.hasher.VerifyDummy(ctx, password)
		return domain.ErrInvalidCredentials()
	}
	ok, err := h.hasher.Verify(ctx, password, u.PasswordHash)
	if err != nil {
		return err
	}
	if !ok || u.Disabled {
		return domain.ErrInvalidCredentials()
	}
	return nil
}
