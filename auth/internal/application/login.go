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

// Handle counts only failures toward the per-email limit: a correct password never uses up the
// budget, so parallel sign-ins of the same person (several devices, a retried request) never
// answer 429 unless failures have already locked the email. Parallel wrong guesses can each
// pass the check before any of them is counted; they are bounded by the hasher's slots and
// queue (AUTH_HASH_CONCURRENCY + AUTH_HASH_QUEUE per instance), and all of them count.
func (h loginHandler) Handle(ctx context.Context, in Login) (TokenPair, error) {
	if err := h.hasher.Admit(); err != nil {
		return TokenPair{}, err // shed before any database work, known email or not
	}
	key := throttleKey("login", in.Email)
	u, known, err := h.checkThrottle(ctx, key, in.Email)
	if err != nil {
		return TokenPair{}, err
	}
	if err := h.verify(ctx, u, known, in.Password); err != nil {
		if errs.HasCode(err, domain.CodeInvalidCredentials) {
			if countErr := h.countFailure(ctx, key); countErr != nil {
				return TokenPair{}, countErr
			}
		}
		return TokenPair{}, err
	}
	now := h.clock.Now()
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

// checkThrottle refuses an email whose failures have reached the limit, before any password is
// checked; the user is loaded in the same unit of work to save a round trip.
func (h loginHandler) checkThrottle(ctx context.Context, key, rawEmail string) (domain.User, bool, error) {
	var (
		u          domain.User
		known      bool
		failures   int
		retryAfter time.Duration
	)
	err := h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		var err error
		failures, retryAfter, err = r.LoginThrottle().Attempts(ctx, key)
		if err != nil || failures >= h.cfg.MaxFailedLogins {
			return err
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
	if failures >= h.cfg.MaxFailedLogins {
		return domain.User{}, false, errs.TooManyRequests(
			"too many failed sign-ins for this email; wait before trying again", retryAfter)
	}
	return u, known, nil
}

// countFailure commits the failure before the 401 is answered, so the next attempt, on any
// instance, sees it.
func (h loginHandler) countFailure(ctx context.Context, key string) error {
	return h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		_, _, err := r.LoginThrottle().Reserve(ctx, key, h.cfg.LoginWindow)
		return err
	})
}

// verify always runs one argon2id comparison, so an unknown email, a wrong password and a
// disabled account take the same time and get the same answer.
func (h loginHandler) verify(ctx context.Context, u domain.User, known bool, password string) error {
	if !known {
		if err := h.hasher.VerifyDummy(ctx, password); err != nil {
			return err
		}
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
