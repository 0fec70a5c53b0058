package application

import (
	"context"
	"time"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
	"github.com/modmono/platform/errs"
)

// Refresh rotates a refresh token: the presented one is spent and a new pair is issued in the
// same family.
type Refresh struct {
	RefreshToken string
}

type refreshHandler struct {
	uow      UnitOfWork
	sessions sessions
	clock    clock.Clock
}

func NewRefreshHandler(uow UnitOfWork, issuer AccessTokenIssuer, clk clock.Clock, cfg Config) (bus.Handler[Refresh, TokenPair], error) {
	if err := deps.Require("refresh", deps.Named("UnitOfWork", uow), deps.Named("AccessTokenIssuer", issuer), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return refreshHandler{uow: uow, sessions: sessions{issuer, cfg.RefreshTTL}, clock: clk}, nil
}

func (h refreshHandler) Handle(ctx context.Context, in Refresh) (TokenPair, error) {
	now := h.clock.Now()
	var (
		pair TokenPair
		// reused is answered only after the unit of work commits: the family's revocation must
		// be kept even though the caller gets an error.
		reused error
	)
	err := h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		tokens := r.RefreshTokens()
		t, err := tokens.ByHash(ctx, domain.HashRefreshToken(in.RefreshToken))
		if err != nil {
			return err
		}
		switch t.Check(now) {
		case domain.TokenRevoked, domain.TokenExpired:
			return domain.ErrInvalidToken()
		case domain.TokenReused:
			reused = domain.ErrTokenReused()
			return tokens.RevokeFamily(ctx, t.FamilyID, now)
		}
		spent, err := tokens.MarkUsed(ctx, t.ID, now)
		if err != nil {
			return err
		}
		if !spent { // a concurrent refresh rotated it first: two holders, so treat it as theft
			reused = domain.ErrTokenReused()
			return tokens.RevokeFamily(ctx, t.FamilyID, now)
		}
		pair, err = h.rotate(ctx, r, t, now)
		return err
	})
	if err != nil {
		return TokenPair{}, err
	}
	if reused != nil {
		return TokenPair{}, reused
	}
	return pair, nil
}

// rotate issues the child token, with the user's roles as they are now; a disabled or deleted
// user gets nothing.
func (h refreshHandler) rotate(ctx context.Context, r Repositories, t domain.RefreshToken, now time.Time) (TokenPair, error) {
	u, err := r.Users().ByID(ctx, t.UserID)
	if errs.HasCode(err, domain.CodeUserNotFound) {
		return TokenPair{}, domain.ErrInvalidToken()
	}
	if err != nil {
		return TokenPair{}, err
	}
	if u.Disabled {
		return TokenPair{}, domain.ErrInvalidToken()
	}
	return h.sessions.issue(ctx, r.RefreshTokens(), u, t.FamilyID, t.ExpiresAt, now)
}
