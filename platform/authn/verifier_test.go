package authn_test

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/errs"
)

const (
	testIssuer   = "https://auth.test"
	testAudience = "modmono-api"
	testKid      = "k1"
	testUserID   = "0190a6f1-7c1e-7bbb-8f3a-0123456789ab"
)

var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

type fixture struct {
	pub  ed25519.PublicKey
	priv ed25519.PrivateKey
	v    *authn.Verifier
}

func newFixture(t testing.TB) fixture {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	v := authn.NewVerifier(authn.StaticKeys{testKid: pub},
		authn.VerifierConfig{Issuer: testIssuer, Audience: testAudience}, clock.NewManual(testNow))
	return fixture{pub: pub, priv: priv, v: v}
}

// validClaims are the claims auth puts in an access token; tests mutate a copy.
func validClaims() jwt.MapClaims {
	return jwt.MapClaims{
		"iss":   testIssuer,
		"aud":   []string{testAudience},
		"sub":   testUserID,
		"iat":   testNow.Add(-time.Minute).Unix(),
		"exp":   testNow.Add(14 * time.Minute).Unix(),
		"jti":   "jti-1",
		"roles": []string{"customer"},
	}
}

func sign(t testing.TB, key crypto.PrivateKey, kid any, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims)
	if kid != nil {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func with(mut func(jwt.MapClaims)) jwt.MapClaims {
	c := validClaims()
	mut(c)
	return c
}

func b64(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

func TestVerifyAcceptsAValidToken(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p, err := f.v.Verify(context.Background(), sign(t, f.priv, testKid, with(func(c jwt.MapClaims) {
		c["roles"] = []string{"customer", "admin"}
	})))
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if p.UserID != testUserID || p.TokenID != "jti-1" || !slices.Equal(p.Roles, []string{"customer", "admin"}) || !p.IsAdmin() {
		t.Fatalf("principal = %+v", p)
	}
}

func TestVerifyRejects(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, otherPriv, _ := ed25519.GenerateKey(rand.Reader)
	valid := sign(t, f.priv, testKid, validClaims())
	parts := strings.Split(valid, ".")

	flipped := func() string {
		sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
		sig[10] ^= 0x01
		return parts[0] + "." + parts[1] + "." + base64.RawURLEncoding.EncodeToString(sig)
	}()
	hs256 := func() string {
		tok := jwt.NewWithClaims(jwt.SigningMethodHS256, validClaims())
		tok.Header["kid"] = testKid
		s, err := tok.SignedString([]byte(f.pub))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}()
	opaque := base64.RawURLEncoding.EncodeToString(func() []byte {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		return b
	}())

	cases := []struct {
		name  string
		token string
	}{
		{"expired beyond the leeway", sign(t, f.priv, testKid, with(func(c jwt.MapClaims) { c["exp"] = testNow.Add(-31 * time.Second).Unix() }))},
		{"issued in the future beyond the leeway", sign(t, f.priv, testKid, with(func(c jwt.MapClaims) { c["iat"] = testNow.Add(time.Minute).Unix() }))},
		{"not valid yet", sign(t, f.priv, testKid, with(func(c jwt.MapClaims) { c["nbf"] = testNow.Add(time.Minute).Unix() }))},
		{"a flipped signature byte", flipped},
		{"no signature", parts[0] + "." + parts[1] + "."},
		{"alg none", b64(map[string]string{"alg": "none", "typ": "JWT", "kid": testKid}) + "." + parts[1] + "."},
		{"HS256 keyed with the public key bytes", hs256},
		{"an unknown kid", sign(t, f.priv, "k2", validClaims())},
		{"no kid", sign(t, f.priv, nil, validClaims())},
		{"a kid that is not a string", sign(t, f.priv, 7, validClaims())},
		{"the wrong audience", sign(t, f.priv, testKid, with(func(c jwt.MapClaims) { c["aud"] = "someone-else" }))},
		{"no audience", sign(t, f.priv, testKid, with(func(c jwt.MapClaims) { delete(c, "aud") }))},
		{"the wrong issuer", sign(t, f.priv, testKid, with(func(c jwt.MapClaims) { c["iss"] = "https://evil.test" }))},
		{"no exp", sign(t, f.priv, testKid, with(func(c jwt.MapClaims) { delete(c, "exp") }))},
		{"no sub", sign(t, f.priv, testKid, with(func(c jwt.MapClaims) { delete(c, "sub") }))},
		{"roles that are not strings", sign(t, f.priv, testKid, with(func(c jwt.MapClaims) { c["roles"] = []int{1} }))},
		{"another key under the same kid", sign(t, otherPriv, testKid, validClaims())},
		{"a crit header", func() string {
			tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, validClaims())
			tok.Header["kid"], tok.Header["crit"] = testKid, []string{"exp"}
			s, _ := tok.SignedString(f.priv)
			return s
		}()},
		{"an opaque random string", opaque},
		{"empty", ""},
		{"too long", valid + strings.Repeat("A", authn.MaxTokenLength)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := f.v.Verify(context.Background(), tc.token)
			assertUnauthenticated(t, p, err)
		})
	}
}

func assertUnauthenticated(t *testing.T, p authn.Principal, err error) {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.KindUnauthenticated || e.Code != errs.CodeUnauthenticated {
		t.Fatalf("err = %v, want 401 %s", err, errs.CodeUnauthenticated)
	}
	if p.UserID != "" || p.Roles != nil {
		t.Fatalf("a rejected token yielded principal %+v", p)
	}
}

func TestVerifyToleratesSkewWithinTheLeeway(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, tc := range []struct {
		name string
		mut  func(jwt.MapClaims)
	}{
		{"expired 29s ago", func(c jwt.MapClaims) { c["exp"] = testNow.Add(-29 * time.Second).Unix() }},
		{"issued 29s in the future", func(c jwt.MapClaims) { c["iat"] = testNow.Add(29 * time.Second).Unix() }},
	} {
		if _, err := f.v.Verify(context.Background(), sign(t, f.priv, testKid, with(tc.mut))); err != nil {
			t.Errorf("%s: Verify = %v, want accepted", tc.name, err)
		}
	}
}

func TestLeewayIsCappedAtThirtySeconds(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	v := authn.NewVerifier(authn.StaticKeys{testKid: f.pub},
		authn.VerifierConfig{Issuer: testIssuer, Audience: testAudience, Leeway: time.Hour}, clock.NewManual(testNow))
	tok := sign(t, f.priv, testKid, with(func(c jwt.MapClaims) { c["exp"] = testNow.Add(-time.Minute).Unix() }))
	p, err := v.Verify(context.Background(), tok)
	assertUnauthenticated(t, p, err)
}

func TestExpiredTokenSaysSo(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, err := f.v.Verify(context.Background(), sign(t, f.priv, testKid, with(func(c jwt.MapClaims) { c["exp"] = testNow.Add(-time.Hour).Unix() })))
	if e, _ := errs.As(err); e == nil || e.Message != "the access token has expired" {
		t.Fatalf("err = %v, want the expired message", err)
	}
}

type downKeys struct{}

func (downKeys) PublicKey(context.Context, string) (crypto.PublicKey, error) {
	return nil, errs.Unavailable("key set unreachable", time.Second, errors.New("dial tcp: refused"))
}

func TestVerifyReportsAnUnreachableKeySourceAsUnavailable(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	v := authn.NewVerifier(downKeys{}, authn.VerifierConfig{Issuer: testIssuer, Audience: testAudience}, clock.NewManual(testNow))
	_, err := v.Verify(context.Background(), sign(t, f.priv, testKid, validClaims()))
	if got := errs.KindOf(err); got != errs.KindUnavailable {
		t.Fatalf("kind = %v (%v), want unavailable", got, err)
	}
}

func TestMisconfiguredVerifierFailsClosed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tok := sign(t, f.priv, testKid, with(func(c jwt.MapClaims) { delete(c, "iss"); delete(c, "aud") }))
	for name, v := range map[string]*authn.Verifier{
		"no issuer":     authn.NewVerifier(authn.StaticKeys{testKid: f.pub}, authn.VerifierConfig{Audience: testAudience}, nil),
		"no audience":   authn.NewVerifier(authn.StaticKeys{testKid: f.pub}, authn.VerifierConfig{Issuer: testIssuer}, nil),
		"no key source": authn.NewVerifier(nil, authn.VerifierConfig{Issuer: testIssuer, Audience: testAudience}, nil),
	} {
		if _, err := v.Verify(context.Background(), tok); errs.KindOf(err) != errs.KindInternal || err == nil {
			t.Errorf("%s: err = %v, want an internal error", name, err)
		}
	}
}
