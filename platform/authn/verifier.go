package authn

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/errs"
)

// MaxLeeway is the most clock skew the contract allows between signer and verifier.
const MaxLeeway = 30 * time.Second

// VerifierConfig names the issuer and audience every accepted token must carry.
type VerifierConfig struct {
	Issuer, Audience string
	// Leeway is the clock skew tolerated on exp, iat and nbf: at most (and by default) 30s.
	Leeway time.Duration
}

// Verifier checks access tokens offline: any service holding the public keys can verify, so an
// authenticated request needs no database round trip. Safe for concurrent use.
type Verifier struct {
	keys   KeySource
	parser *jwt.Parser
	// validator runs the parser's claim checks (exp, nbf, iat, iss, aud) alone, on the claims of
	// a token found in verified.
	validator *jwt.Validator
	verified  *verifiedTokens
	leeway    time.Duration
	clk       clock.Clock
	// broken is set when the wiring is unusable; Verify then fails closed with a 500 so the
	// mistake shows in logs instead of looking like every caller's token being bad.
	broken error
}

type accessClaims struct {
	jwt.RegisteredClaims
	Roles []string `json:"roles"`
}

// NewVerifier pins the algorithm to EdDSA, requires exp, checks iss, aud and iat, and takes
// the time from clk. A Leeway outside (0, 30s] becomes 30s.
func NewVerifier(keys KeySource, cfg VerifierConfig, clk clock.Clock) *Verifier {
	if clk == nil {
		clk = clock.System{}
	}
	if cfg.Leeway <= 0 || cfg.Leeway > MaxLeeway {
		cfg.Leeway = MaxLeeway
	}
	v := &Verifier{keys: keys, verified: newVerifiedTokens(maxVerifiedTokens), leeway: cfg.Leeway, clk: clk}
	switch {
	case keys == nil:
		v.broken = errors.New("authn: verifier has no key source")
	case cfg.Issuer == "" || cfg.Audience == "":
		// golang-jwt skips the iss/aud checks when the expected value is empty: refuse instead.
		v.broken = errors.New("authn: verifier needs an issuer and an audience")
	}
	opts := []jwt.ParserOption{
		jwt.WithValidMethods([]string{jwt.SigningMethodEdDSA.Alg()}),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithLeeway(cfg.Leeway),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithStrictDecoding(),
		jwt.WithTimeFunc(clk.Now),
	}
	v.parser, v.validator = jwt.NewParser(opts...), jwt.NewValidator(opts...)
	return v
}

// Verify returns the principal of a valid access token. Every client-side failure is a 401
// UNAUTHENTICATED wrapping the reason (logged, never shown); a key source that is down is a
// 503, since the token may well be good.
func (v *Verifier) Verify(ctx context.Context, raw string) (Principal, error) {
	if v.broken != nil {
		return Principal{}, errs.Internal(v.broken)
	}
	if raw == "" || len(raw) > MaxTokenLength {
		return Principal{}, unauthenticated(errors.New("token empty or too long"))
	}
	if t := v.verified.get(raw); t != nil {
		if p, ok, err := v.reuse(ctx, raw, t); ok {
			return p, err
		}
	}
	var (
		claims accessClaims
		kid    string
		used   crypto.PublicKey
	)
	_, err := v.parser.ParseWithClaims(raw, &claims, func(t *jwt.Token) (any, error) {
		var err error
		kid, used, err = v.key(ctx, t)
		return used, err
	})
	if err != nil {
		if e, ok := errs.As(err); ok && e.Kind == errs.KindUnavailable {
			return Principal{}, e
		}
		return Principal{}, unauthenticated(err)
	}
	if claims.Subject == "" {
		return Principal{}, unauthenticated(errors.New("token has no sub claim"))
	}
	if key, ok := used.(equalKey); ok && claims.ExpiresAt != nil {
		v.verified.put(raw, &verifiedToken{kid: kid, key: key, claims: &claims,
			expiry: claims.ExpiresAt.Add(v.leeway)}, v.clk.Now())
	}
	return claims.principal(), nil
}

// reuse answers for a token verified before, checking again what may have changed since: its
// key must still be the one that verified it (a retired key stops verifying), and its time
// claims must hold now. ok is false when the key changed or cannot be had: the full verification
// then decides, and reports the reason as it would for a new token.
func (v *Verifier) reuse(ctx context.Context, raw string, t *verifiedToken) (p Principal, ok bool, err error) {
	if k, err := v.keys.PublicKey(ctx, t.kid); err != nil || !t.key.Equal(k) {
		v.verified.drop(raw)
		return Principal{}, false, nil
	}
	if err := v.validator.Validate(t.claims); err != nil {
		v.verified.drop(raw)
		return Principal{}, true, unauthenticated(err)
	}
	return t.claims.principal(), true, nil
}

// principal is who the claims name; Roles is the caller's own copy.
func (c *accessClaims) principal() Principal {
	return Principal{UserID: c.Subject, Roles: slices.Clone(c.Roles), TokenID: c.ID}
}

func (v *Verifier) key(ctx context.Context, t *jwt.Token) (string, crypto.PublicKey, error) {
	if _, ok := t.Header["crit"]; ok {
		// RFC 7515 §4.1.11: extensions we do not understand must not be ignored.
		return "", nil, errors.New("token has a crit header")
	}
	kid, _ := t.Header["kid"].(string)
	if kid == "" {
		return "", nil, errors.New("token has no kid header")
	}
	k, err := v.keys.PublicKey(ctx, kid)
	if err != nil {
		return "", nil, fmt.Errorf("key %q: %w", kid, err)
	}
	return kid, k, nil
}

func unauthenticated(cause error) error {
	msg := "the access token is invalid"
	if errors.Is(cause, jwt.ErrTokenExpired) {
		msg = "the access token has expired"
	}
	return errs.Unauthenticated(errs.CodeUnauthenticated, msg).WithCause(cause)
}
