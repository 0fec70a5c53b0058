// Package tokens signs access tokens (EdDSA JWTs) and publishes the public keys that verify them
// as a JWK Set, so any service can verify without the private key.
package tokens

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/keyring"
)

// KeyConfig says where the signing key comes from: PrivateKeyPEM, else KeyFile (created with a
// new key when it does not exist yet), else the keys kept in the database (Stored), which every
// replica shares and which rotate. ExtraPublicKeysPEM lists retired keys (PKIX "PUBLIC KEY"
// blocks) whose tokens are still accepted.
type KeyConfig struct {
	PrivateKeyPEM      string
	KeyFile            string
	ExtraPublicKeysPEM string

	Stored *keyring.Keeper
	// Lifetime is how long a stored key keeps verifying after it stopped signing: the access
	// token TTL plus the verifiers' clock leeway.
	Lifetime time.Duration
	Clock    clock.Clock
}

// KeyRing holds the signing key and every public key that verifies tokens. With stored keys
// the answer depends on the clock (a published key starts signing at its time; a retired one
// stops verifying when its last token has expired) and on the last reload. Safe for concurrent
// use.
type KeyRing struct {
	fixed    *ringKey // a configured key; nil with stored keys
	extras   []ringKey
	stored   *keyring.Keeper
	lifetime time.Duration
	clk      clock.Clock

	mu      sync.Mutex
	version uint64
	parsed  map[int]ringKey // stored keys by generation, for version

	// lookups answers PublicKey, once per request, without a lock or an allocation while the
	// stored keys' version and the time stay within it.
	lookups atomic.Pointer[lookupSnapshot]
}

// lookupSnapshot is every verifying key by kid, as of version, for the times [from, until) (no
// end when until is zero) during which the stored set's answers do not change.
type lookupSnapshot struct {
	version     uint64
	from, until time.Time
	keys        map[string]crypto.PublicKey
}

type ringKey struct {
	kid     string
	private ed25519.PrivateKey // nil for the extra public keys
	public  ed25519.PublicKey
}

var _ authn.KeySource = (*KeyRing)(nil)

// LoadKeyRing loads (or, with only a KeyFile, creates) the signing key and the extra public keys.
func LoadKeyRing(cfg KeyConfig) (*KeyRing, error) {
	extras, err := parsePublicKeysPEM([]byte(cfg.ExtraPublicKeysPEM))
	if err != nil {
		return nil, fmt.Errorf("extra public keys: %w", err)
	}
	r := &KeyRing{stored: cfg.Stored, lifetime: cfg.Lifetime, clk: cfg.Clock}
	if r.clk == nil {
		r.clk = clock.System{}
	}
	if cfg.Stored == nil || strings.TrimSpace(cfg.PrivateKeyPEM) != "" || cfg.KeyFile != "" {
		signing, err := signingKey(cfg)
		if err != nil {
			return nil, err
		}
		k := newRingKey(signing)
		r.fixed, r.stored = &k, nil
	}
	for _, k := range extras {
		r.extras = append(r.extras, ringKey{kid: thumbprint(k), public: k})
	}
	return r, nil
}

func newRingKey(k ed25519.PrivateKey) ringKey {
	pub := k.Public().(ed25519.PublicKey)
	return ringKey{kid: thumbprint(pub), private: k, public: pub}
}

func signingKey(cfg KeyConfig) (ed25519.PrivateKey, error) {
	switch {
	case strings.TrimSpace(cfg.PrivateKeyPEM) != "":
		k, err := parsePrivateKeyPEM([]byte(cfg.PrivateKeyPEM))
		if err != nil {
			return nil, fmt.Errorf("signing key PEM: %w", err)
		}
		return k, nil
	case cfg.KeyFile != "":
		return loadOrCreateKeyFile(cfg.KeyFile)
	default:
		return nil, errors.New("no signing key: give a private key PEM, a key file path or a key store")
	}
}

// signing is the key new tokens are signed with now.
func (r *KeyRing) signing() ringKey {
	if r.fixed != nil {
		return *r.fixed
	}
	keys, set := r.storedKeys()
	k, _ := set.Signing(r.clk.Now()) // a Keeper is never empty
	return keys[k.Generation]
}

// verifying lists every key that verifies now, the signing key first, without duplicates.
func (r *KeyRing) verifying() []ringKey {
	keys, _ := r.verifyingAt(r.clk.Now())
	return keys
}

// verifyingAt is verifying at now, with when its answer may change next (zero: never).
func (r *KeyRing) verifyingAt(now time.Time) ([]ringKey, time.Time) {
	var (
		all   []ringKey
		until time.Time
	)
	if r.fixed != nil {
		all = append(all, *r.fixed)
	} else {
		keys, set := r.storedKeys()
		for _, k := range set.Verifying(now, r.lifetime) {
			all = append(all, keys[k.Generation])
		}
		until = set.Until(now, r.lifetime)
	}
	for _, e := range r.extras {
		if !containsKID(all, e.kid) {
			all = append(all, e)
		}
	}
	return all, until
}

func containsKID(keys []ringKey, kid string) bool {
	for _, k := range keys {
		if k.kid == kid {
			return true
		}
	}
	return false
}

// storedKeys returns the Keeper's current set and its keys parsed, parsing only when the set
// has changed since the last call.
func (r *KeyRing) storedKeys() (map[int]ringKey, keyring.Set) {
	set, version := r.stored.Current()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.parsed == nil || version != r.version {
		parsed := make(map[int]ringKey, len(set))
		for _, k := range set {
			parsed[k.Generation] = newRingKey(ed25519.NewKeyFromSeed(k.Secret))
		}
		r.parsed, r.version = parsed, version
	}
	return r.parsed, set
}

// SigningKID is the kid of the key new tokens are signed with now, for logs and tests.
func (r *KeyRing) SigningKID() string { return r.signing().kid }

// PublicKey implements authn.KeySource; an unknown kid wraps authn.ErrUnknownKey. With stored
// keys an unknown kid first reloads them (at most once per few seconds): another replica may
// have rotated.
func (r *KeyRing) PublicKey(ctx context.Context, kid string) (crypto.PublicKey, error) {
	if k, ok := r.lookup(kid); ok {
		return k, nil
	}
	if r.stored != nil && r.stored.ReloadSoon(ctx) {
		if k, ok := r.lookup(kid); ok {
			return k, nil
		}
	}
	return nil, fmt.Errorf("kid %q: %w", kid, authn.ErrUnknownKey)
}

func (r *KeyRing) lookup(kid string) (crypto.PublicKey, bool) {
	k, ok := r.lookupSnapshot().keys[kid]
	return k, ok
}

// lookupSnapshot returns the snapshot for now, made anew when the stored keys have changed or
// the time has left its span.
func (r *KeyRing) lookupSnapshot() *lookupSnapshot {
	now := r.clk.Now()
	var version uint64
	if r.stored != nil {
		version = r.stored.Version()
	}
	if s := r.lookups.Load(); s != nil && s.version == version && !now.Before(s.from) && (s.until.IsZero() || now.Before(s.until)) {
		return s
	}
	// The version is read before the keys: a reload in between leaves a snapshot marked older
	// than its keys, which the next call makes again, never one newer than them.
	keys, until := r.verifyingAt(now)
	s := &lookupSnapshot{version: version, from: now, until: until, keys: make(map[string]crypto.PublicKey, len(keys))}
	for _, k := range keys {
		s.keys[k.kid] = k.public
	}
	r.lookups.Store(s)
	return s
}
