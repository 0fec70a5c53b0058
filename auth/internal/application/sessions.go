package application

import (
	"context"
	"fmt"
	"time"

	"github.com/modmono/auth/internal/domain"
	"github.com/modmono/platform/ids"
)

// sessions issues token pairs for Login and Refresh: a refresh token stored only as its hash,
// and an access token carrying the user's roles as they are now.
type sessions struct {
	issuer AccessTokenIssuer
	// refreshTTL is a family's absolute lifetime, counted from the login.
	refreshTTL time.Duration
}

// issue adds a refresh token to familyID (a new id for a login, the presented token's family
// for a rotation) within the caller's unit of work. The token expires when its family does:
// familyEnds is the login's time plus refreshTTL, which a rotation inherits and never extends,
// so a stolen token cannot be kept alive forever by refreshing it.
func (s sessions) issue(ctx context.Context, tokens RefreshTokens, u domain.User, familyID string, familyEnds, now time.Time) (TokenPair, error) {
	access, expiresIn, err := s.issuer.Issue(u.ID, domain.RoleNames(u.Roles), now)
	if err != nil {
		return TokenPair{}, fmt.Errorf("issue an access token for user %s: %w", u.ID, err)
	}
	raw, token, err := domain.NewRefreshToken(ids.New(), familyID, u.ID, now, familyEnds.Sub(now))
	if err != nil {
		return TokenPair{}, err
	}
	if err := tokens.Add(ctx, token); err != nil {
		return TokenPair{}, err
	}
	return TokenPair{
		AccessToken:  access,
		RefreshToken: raw,
		TokenType:    "Bearer",
		ExpiresIn:    int64(expiresIn / time.Second),
	}, nil
}
