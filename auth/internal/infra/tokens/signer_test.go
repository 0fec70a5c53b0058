package tokens

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/httpx"
)

const (
	testIssuer   = "https://auth.example.test"
	testAudience = "modmono-api"
)

var testNow = time.Date(2030, 1, 2, 3, 4, 5, 600_000_000, time.UTC)

func newSigner(t *testing.T) (*KeyRing, *Signer) {
	t.Helper()
	ring, err := LoadKeyRing(KeyConfig{KeyFile: filepath.Join(t.TempDir(), "k.pem")})
	if err != nil {
		t.Fatalf("LoadKeyRing: %v", err)
	}
	s, err := NewSigner(ring, testIssuer, testAudience, 10*time.Minute)
	if err != nil {
		t.Fatalf("NewSigner: %v", err)
	}
	return ring, s
}

func TestIssuedTokenVerifiesWithTheKeyFromJWKS(t *testing.T) {
	t.Parallel()
	ring, s := newSigner(t)
	raw, expiresIn, err := s.Issue("0190a0b0-0000-7000-8000-000000000001", []string{"customer", "admin"}, testNow)
	if err != nil || expiresIn != 10*time.Minute {
		t.Fatalf("Issue = %v, %v; want a token valid 10m", expiresIn, err)
	}
	byKid := map[string]ed25519.PublicKey{}
	for _, k := range ring.JWKS().Keys {
		x, err := base64.RawURLEncoding.DecodeString(k.X)
		if err != nil || k.Kty != "OKP" || k.Crv != "Ed25519" || k.Alg != "EdDSA" || k.Use != "sig" {
			t.Fatalf("JWK %+v is not an Ed25519 signing key (%v)", k, err)
		}
		byKid[k.Kid] = ed25519.PublicKey(x)
	}
	var claims accessClaims
	tok, err := jwt.ParseWithClaims(raw, &claims, func(tok *jwt.Token) (any, error) {
		return byKid[tok.Header["kid"].(string)], nil
	}, jwt.WithValidMethods([]string{"EdDSA"}), jwt.WithIssuer(testIssuer), jwt.WithAudience(testAudience),
		jwt.WithExpirationRequired(), jwt.WithTimeFunc(func() time.Time { return testNow }))
	if err != nil {
		t.Fatalf("verify with the JWKS key: %v", err)
	}
	if tok.Header["kid"] != ring.SigningKID() || tok.Header["alg"] != "EdDSA" {
		t.Fatalf("header = %v; want alg EdDSA, kid %s", tok.Header, ring.SigningKID())
	}
	iat := testNow.Truncate(time.Second)
	if claims.Subject != "0190a0b0-0000-7000-8000-000000000001" || !slices.Equal(claims.Roles, []string{"customer", "admin"}) ||
		!claims.IssuedAt.Equal(iat) || !claims.NotBefore.Equal(iat) || !claims.ExpiresAt.Equal(iat.Add(10*time.Minute)) {
		t.Fatalf("claims = %+v; want sub, roles, iat=nbf=%s, exp=iat+10m", claims, iat)
	}
	if id, err := uuid.Parse(claims.ID); err != nil || id.Version() != 7 {
		t.Fatalf("jti = %q; want a UUIDv7", claims.ID)
	}
}

func TestIssuedTokenPassesThePlatformVerifier(t *testing.T) {
	t.Parallel()
	ring, s := newSigner(t)
	raw, _, err := s.Issue("0190a0b0-0000-7000-8000-000000000002", nil, testNow)
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	v := authn.NewVerifier(ring, authn.VerifierConfig{Issuer: testIssuer, Audience: testAudience}, clock.NewManual(testNow))
	p, err := v.Verify(context.Background(), raw)
	if err != nil || p.UserID != "0190a0b0-0000-7000-8000-000000000002" || p.Roles == nil || len(p.Roles) != 0 {
		t.Fatalf("Verify = %+v, %v; want the subject with an empty role list", p, err)
	}
}

func TestSignerRejectsBadSettings(t *testing.T) {
	t.Parallel()
	ring, _ := newSigner(t)
	tests := []struct {
		name             string
		issuer, audience string
		ttl              time.Duration
		ok               bool
	}{
		{"15 minutes is the longest allowed", testIssuer, testAudience, 15 * time.Minute, true},
		{"a second more is too long", testIssuer, testAudience, 15*time.Minute + time.Second, false},
		{"an hour is too long", testIssuer, testAudience, time.Hour, false},
		{"zero ttl", testIssuer, testAudience, 0, false},
		{"no issuer", "", testAudience, time.Minute, false},
		{"no audience", testIssuer, "", time.Minute, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := NewSigner(ring, tc.issuer, tc.audience, tc.ttl)
			if (err == nil) != tc.ok {
				t.Fatalf("NewSigner(ttl %s) error = %v; want ok=%v", tc.ttl, err, tc.ok)
			}
		})
	}
}

// RFC 8037 appendix A.3: the thumbprint of its example Ed25519 key.
func TestThumbprintMatchesRFC8037(t *testing.T) {
	t.Parallel()
	x, _ := base64.RawURLEncoding.DecodeString("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")
	if got, want := thumbprint(ed25519.PublicKey(x)), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"; got != want {
		t.Fatalf("thumbprint = %s; want %s", got, want)
	}
}

func TestJWKSRouteIsPublicAndCacheable(t *testing.T) {
	t.Parallel()
	ring, _ := newSigner(t)
	route := JWKSRoute(ring, 30*time.Second)
	if route.Method != http.MethodGet || route.Path != "/.well-known/jwks.json" || route.Access != httpx.Public {
		t.Fatalf("route = %s %s access %d; want public GET /.well-known/jwks.json", route.Method, route.Path, route.Access)
	}
	rec := httptest.NewRecorder()
	c := echo.New().NewContext(httptest.NewRequest(http.MethodGet, route.Path, nil), rec)
	if err := route.Handler(c); err != nil {
		t.Fatalf("handler: %v", err)
	}
	if got := rec.Header().Get("Cache-Control"); got != "public, max-age=30" {
		t.Fatalf("Cache-Control = %q; want public, max-age=30", got)
	}
	var set JWKSet
	if err := json.Unmarshal(rec.Body.Bytes(), &set); err != nil || rec.Code != http.StatusOK || len(set.Keys) != 1 || set.Keys[0].Kid != ring.SigningKID() {
		t.Fatalf("GET jwks = %d %s (%v); want 200 with the signing key", rec.Code, rec.Body, err)
	}
}
