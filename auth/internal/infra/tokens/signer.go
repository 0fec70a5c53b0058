package tokens

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/modmono/platform/ids"
)

// MaxAccessTTL is the contract's longest access token lifetime: a token cannot be revoked, so it
// must die soon on its own.
const MaxAccessTTL = 15 * time.Minute

// Signer issues EdDSA access tokens with the key ring's signing key; it implements
// application.AccessTokenIssuer and is safe for concurrent use.
type Signer struct {
	ring             *KeyRing
	issuer, audience string
	ttl              time.Duration
}

// accessClaims must stay in step with what platform/authn's verifier reads.
type accessClaims struct {
	jwt.RegisteredClaims
	Roles []string `json:"roles"`
}

func NewSigner(ring *KeyRing, issuer, audience string, ttl time.Duration) (*Signer, error) {
	switch {
	case ring == nil:
		return nil, errors.New("access token signer: no key ring")
	case issuer == "" || audience == "":
		return nil, errors.New("access token signer: issuer and audience must be set")
	case ttl < time.Second || ttl > MaxAccessTTL:
		return nil, fmt.Errorf("access token signer: ttl %s is outside 1s..%s", ttl, MaxAccessTTL)
	}
	return &Signer{ring: ring, issuer: issuer, audience: audience, ttl: ttl}, nil
}

// Issue signs a token for userID valid for the signer's ttl. JWT times are whole seconds, so now is
// truncated first: the token then never outlives the expiresIn the client is told.
func (s *Signer) Issue(userID string, roles []string, now time.Time) (string, time.Duration, error) {
	if roles == nil {
		roles = []string{} // a verifier sees an empty list, never null
	}
	iat := jwt.NewNumericDate(now.Truncate(time.Second))
	claims := accessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    s.issuer,
			Subject:   userID,
			Audience:  jwt.ClaimStrings{s.audience},
			ExpiresAt: jwt.NewNumericDate(iat.Add(s.ttl)),
			NotBefore: iat,
			IssuedAt:  iat,
			ID:        ids.New(),
		},
		Roles: roles,
	}
	key := s.ring.signing()
	t := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims)
	t.Header["kid"] = key.kid
	signed, err := t.SignedString(key.private)
	if err != nil {
		return "", 0, fmt.Errorf("sign access token: %w", err)
	}
	return signed, s.ttl, nil
}
