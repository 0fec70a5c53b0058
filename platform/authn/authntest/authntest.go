// Package authntest signs access tokens as the auth context does, for the tests of routes that
// check them, with a verifier that trusts exactly those tokens.
package authntest

import (
	"crypto/ed25519"
	"crypto/rand"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/ids"
)

const (
	issuer   = "https://auth.test"
	audience = "modmono-test"
	keyID    = "test-key"
)

// Issuer holds a fresh signing key.
type Issuer struct {
	key ed25519.PrivateKey
	// Verifier accepts the Issuer's tokens, and no others.
	Verifier *authn.Verifier
}

// NewIssuer makes an Issuer with a key of its own.
func NewIssuer(t testing.TB) *Issuer {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &Issuer{key: priv, Verifier: authn.NewVerifier(authn.StaticKeys{keyID: pub},
		authn.VerifierConfig{Issuer: issuer, Audience: audience}, clock.System{})}
}

// Token signs a ten-minute access token for userID with roles.
func (i *Issuer) Token(t testing.TB, userID string, roles ...string) string {
	t.Helper()
	now := time.Now()
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, jwt.MapClaims{
		"iss": issuer, "aud": []string{audience}, "sub": userID, "jti": ids.New(), "roles": roles,
		"iat": now.Unix(), "exp": now.Add(10 * time.Minute).Unix(),
	})
	tok.Header["kid"] = keyID
	signed, err := tok.SignedString(i.key)
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

// Customer signs a token of a new customer.
func (i *Issuer) Customer(t testing.TB) string { return i.Token(t, ids.New(), authn.RoleCustomer) }

// Admin signs a token of a new admin.
func (i *Issuer) Admin(t testing.TB) string {
	return i.Token(t, ids.New(), authn.RoleCustomer, authn.RoleAdmin)
}
