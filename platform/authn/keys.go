package authn

import (
	"context"
	"crypto"
	"errors"
)

// KeySource finds the public key that verifies tokens signed under a key id. The auth context
// serves its keys as a JWK Set; other services implement this by fetching that set, so several
// keys can be live at once during a rotation.
type KeySource interface {
	PublicKey(ctx context.Context, kid string) (crypto.PublicKey, error)
}

// ErrUnknownKey is returned by a KeySource that has no key under the requested id.
var ErrUnknownKey = errors.New("authn: unknown key id")

// StaticKeys is a fixed set of public keys by kid, for tests and for wiring in one process.
type StaticKeys map[string]crypto.PublicKey

func (s StaticKeys) PublicKey(_ context.Context, kid string) (crypto.PublicKey, error) {
	k, ok := s[kid]
	if !ok || k == nil {
		return nil, ErrUnknownKey
	}
	return k, nil
}
