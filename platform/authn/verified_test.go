package authn_test

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/errs"
)

// swappableKeys is a KeySource whose keys a test changes between two verifications.
type swappableKeys struct {
	mu    sync.Mutex
	keys  authn.StaticKeys
	calls int
}

func (s *swappableKeys) PublicKey(ctx context.Context, kid string) (crypto.PublicKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	return s.keys.PublicKey(ctx, kid)
}

func (s *swappableKeys) set(kid string, k crypto.PublicKey) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k == nil {
		delete(s.keys, kid)
		return
	}
	s.keys[kid] = k
}

// A token verified once is remembered; these are the checks that must still run on every later
// presentation of the same bytes.
func TestAVerifiedTokenIsCheckedAgainOnEveryUse(t *testing.T) {
	t.Parallel()
	otherPub, _, _ := ed25519.GenerateKey(rand.Reader)
	cases := []struct {
		name   string
		change func(clk *clock.Manual, keys *swappableKeys, pub ed25519.PublicKey)
		// wantExpired: the rejection must say the token expired.
		wantExpired bool
	}{
		{"it expires like any other token", func(clk *clock.Manual, _ *swappableKeys, _ ed25519.PublicKey) {
			clk.Advance(15*time.Minute + authn.MaxLeeway)
		}, true},
		{"its key stops verifying (retired)", func(_ *clock.Manual, keys *swappableKeys, _ ed25519.PublicKey) {
			keys.set(testKid, nil)
		}, false},
		{"another key is now under its kid", func(_ *clock.Manual, keys *swappableKeys, _ ed25519.PublicKey) {
			keys.set(testKid, otherPub)
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			pub, priv, _ := ed25519.GenerateKey(rand.Reader)
			clk := clock.NewManual(testNow)
			keys := &swappableKeys{keys: authn.StaticKeys{testKid: pub}}
			v := authn.NewVerifier(keys, authn.VerifierConfig{Issuer: testIssuer, Audience: testAudience}, clk)
			tok := sign(t, priv, testKid, validClaims())
			for i := range 2 {
				if _, err := v.Verify(context.Background(), tok); err != nil {
					t.Fatalf("verification %d before the change: %v", i+1, err)
				}
			}
			tc.change(clk, keys, pub)
			p, err := v.Verify(context.Background(), tok)
			assertUnauthenticated(t, p, err)
			if e, _ := errs.As(err); tc.wantExpired && e.Message != "the access token has expired" {
				t.Fatalf("message = %q, want the expired one", e.Message)
			}
		})
	}
}

func TestARememberedTokenNeedsItsExactBytes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	valid := sign(t, f.priv, testKid, validClaims())
	if _, err := f.v.Verify(context.Background(), valid); err != nil {
		t.Fatal(err)
	}
	for _, junk := range []string{valid + "A", valid[:len(valid)-1], valid[:len(valid)-2] + "AA", " " + valid} {
		p, err := f.v.Verify(context.Background(), junk)
		assertUnauthenticated(t, p, err)
	}
}

func TestEveryVerificationGetsItsOwnRoles(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tok := sign(t, f.priv, testKid, with(func(c jwt.MapClaims) { c["roles"] = []string{"customer", "admin"} }))
	first, err := f.v.Verify(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	first.Roles[1] = "customer" // a caller scribbling on its principal
	second, err := f.v.Verify(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"customer", "admin"}; !slices.Equal(second.Roles, want) || second.UserID != testUserID {
		t.Fatalf("second principal = %+v, want roles %v", second, want)
	}
}

func TestARememberedTokenLooksItsKeyUpEveryTime(t *testing.T) {
	t.Parallel()
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	keys := &swappableKeys{keys: authn.StaticKeys{testKid: pub}}
	v := authn.NewVerifier(keys, authn.VerifierConfig{Issuer: testIssuer, Audience: testAudience}, clock.NewManual(testNow))
	tok := sign(t, priv, testKid, validClaims())
	if _, err := v.Verify(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	keys.mu.Lock()
	before := keys.calls
	keys.mu.Unlock()
	if _, err := v.Verify(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	keys.mu.Lock()
	defer keys.mu.Unlock()
	if keys.calls != before+1 {
		t.Fatalf("key lookups for a remembered token = %d, want 1: its key must be checked every time", keys.calls-before)
	}
}
