package session

import (
	"errors"
	"io/fs"
	"sync"
	"time"

	"github.com/gorilla/securecookie"

	"github.com/modmono/platform/keyring"
)

// NewStoredManager builds a manager on the keys kept in the database, which every replica
// shares: the key that signs is the one whose time has come, and a retired key keeps opening
// cookies for lifetime after it stopped signing.
func NewStoredManager(keeper *keyring.Keeper, lifetime time.Duration, now func() time.Time) *Manager {
	c := &storedCodecs{keeper: keeper, lifetime: lifetime, now: now}
	return &Manager{codecs: c.current, now: now, reload: keeper.ReloadSoon}
}

type storedCodecs struct {
	keeper   *keyring.Keeper
	lifetime time.Duration
	now      func() time.Time

	mu      sync.Mutex
	version uint64
	byGen   map[int]securecookie.Codec
}

func (c *storedCodecs) current() []securecookie.Codec {
	set, version := c.keeper.Current()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byGen == nil || version != c.version {
		c.byGen = make(map[int]securecookie.Codec, len(set))
		for _, k := range set {
			c.byGen[k.Generation] = newCodec(PairFromSecret(k.Secret))
		}
		c.version = version
	}
	live := set.Verifying(c.now(), c.lifetime)
	codecs := make([]securecookie.Codec, len(live))
	for i, k := range live {
		codecs[i] = c.byGen[k.Generation]
	}
	return codecs
}

// PairFromSecret splits a stored admin-session secret: 64 bytes of HMAC key, 32 of AES key.
func PairFromSecret(secret []byte) KeyPair {
	return KeyPair{Hash: secret[:64:64], Block: secret[64:]}
}

// ImportKeysFile reads the first pair of a keys file an install from before keys were kept in the
// database generated, as the first stored key, so its admins stay signed in. No file, or a pair
// of another shape than the generated ones, is no key (nil): the store makes a new one.
func ImportKeysFile(path string) func() ([]byte, error) {
	return func() ([]byte, error) {
		pairs, err := readKeysFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if len(pairs[0].Hash) != 64 {
			return nil, nil
		}
		return append(append([]byte{}, pairs[0].Hash...), pairs[0].Block...), nil
	}
}
