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

	"github.com/modmono/platform/authn"
)

// KeyConfig says where the signing key comes from. PrivateKeyPEM wins over KeyFile; a KeyFile
// that does not exist yet is created with a new key, so a restart keeps everyone signed in.
// ExtraPublicKeysPEM lists retired keys (PKIX "PUBLIC KEY" blocks) whose tokens are still
// accepted during a rotation.
type KeyConfig struct {
	PrivateKeyPEM      string
	KeyFile            string
	ExtraPublicKeysPEM string
}

// KeyRing holds the signing key and every public key that verifies tokens; it never changes after
// loading, so it is safe for concurrent use.
type KeyRing struct {
	signing    ed25519.PrivateKey
	signingKID string
	public     []publicKey // the signing key's first, then the extras in configured order
}

type publicKey struct {
	kid string
	key ed25519.PublicKey
}

var _ authn.KeySource = (*KeyRing)(nil)

// LoadKeyRing loads (or, with only a KeyFile, creates) the signing key and the extra public keys.
func LoadKeyRing(cfg KeyConfig) (*KeyRing, error) {
	signing, err := signingKey(cfg)
	if err != nil {
		return nil, err
	}
	extras, err := parsePublicKeysPEM([]byte(cfg.ExtraPublicKeysPEM))
	if err != nil {
		return nil, fmt.Errorf("extra public keys: %w", err)
	}
	pub := signing.Public().(ed25519.PublicKey)
	r := &KeyRing{signing: signing, signingKID: thumbprint(pub)}
	r.public = append(r.public, publicKey{kid: r.signingKID, key: pub})
	for _, k := range extras {
		kid := thumbprint(k)
		if _, err := r.lookup(kid); err == nil {
			continue // listed twice, or the signing key itself
		}
		r.public = append(r.public, publicKey{kid: kid, key: k})
	}
	return r, nil
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
		return nil, errors.New("no signing key: give a private key PEM or a key file path")
	}
}

// SigningKID is the kid of the key new tokens are signed with, for the startup log.
func (r *KeyRing) SigningKID() string { return r.signingKID }

// PublicKey implements authn.KeySource; an unknown kid wraps authn.ErrUnknownKey.
func (r *KeyRing) PublicKey(_ context.Context, kid string) (crypto.PublicKey, error) {
	return r.lookup(kid)
}

func (r *KeyRing) lookup(kid string) (ed25519.PublicKey, error) {
	for _, k := range r.public {
		if k.kid == kid {
			return k.key, nil
		}
	}
	return nil, fmt.Errorf("kid %q: %w", kid, authn.ErrUnknownKey)
}
