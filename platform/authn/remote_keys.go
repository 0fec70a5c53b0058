package authn

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/errs"
)

// RemoteKeysConfig tunes a RemoteKeys; zero values take the defaults noted.
type RemoteKeysConfig struct {
	URL    string       // the auth service's /.well-known/jwks.json
	Client *http.Client // a client with a 5s timeout
	Clock  clock.Clock  // clock.System{}
	// MaxAge is how long a fetched set is used before it is fetched again (5m): keys added by a
	// rotation are picked up even when no token names them yet.
	MaxAge time.Duration
	// MinInterval bounds fetches (10s): a token with an unknown kid triggers a fetch at most this
	// often, so a flood of made-up kids cannot turn into a flood of requests to auth.
	MinInterval time.Duration
}

// RemoteKeys is the KeySource of a service that does not hold auth's keys: it fetches auth's JWK
// Set over HTTP, caches it, and refreshes it on an unknown kid, within MinInterval.
type RemoteKeys struct {
	cfg RemoteKeysConfig

	fetch       sync.Mutex // one fetch at a time; concurrent callers wait and share its result
	mu          sync.Mutex
	keys        map[string]crypto.PublicKey
	fetchedAt   time.Time
	lastAttempt time.Time
}

func NewRemoteKeys(cfg RemoteKeysConfig) *RemoteKeys {
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: 5 * time.Second}
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.System{}
	}
	if cfg.MaxAge <= 0 {
		cfg.MaxAge = 5 * time.Minute
	}
	if cfg.MinInterval <= 0 {
		cfg.MinInterval = 10 * time.Second
	}
	return &RemoteKeys{cfg: cfg}
}

// PublicKey answers from the cache when it can; otherwise it fetches the set, unless the last
// attempt was less than MinInterval ago. A set that cannot be fetched and was never fetched is
// errs Unavailable (503): the caller cannot tell a good token from a bad one.
func (r *RemoteKeys) PublicKey(ctx context.Context, kid string) (crypto.PublicKey, error) {
	key, fresh, known := r.cached(kid)
	if known && fresh {
		return key, nil
	}
	if err := r.refresh(ctx); err != nil {
		if known {
			return key, nil // a stale key beats refusing every request while auth is away
		}
		return nil, err
	}
	if key, _, known = r.cached(kid); known {
		return key, nil
	}
	return nil, ErrUnknownKey
}

func (r *RemoteKeys) cached(kid string) (key crypto.PublicKey, fresh, known bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	key, known = r.keys[kid]
	return key, r.cfg.Clock.Now().Sub(r.fetchedAt) < r.cfg.MaxAge, known
}

// refresh fetches the set unless an attempt was made within MinInterval (by this caller or one
// it waited for), in which case it keeps what the cache has.
func (r *RemoteKeys) refresh(ctx context.Context) error {
	r.fetch.Lock()
	defer r.fetch.Unlock()
	r.mu.Lock()
	recent := r.cfg.Clock.Now().Sub(r.lastAttempt) < r.cfg.MinInterval
	hasKeys := r.keys != nil
	r.mu.Unlock()
	if recent {
		if hasKeys {
			return nil
		}
		return errs.Unavailable("the token keys are not available yet", r.cfg.MinInterval, nil)
	}
	now := r.cfg.Clock.Now()
	keys, err := r.get(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lastAttempt = now
	if err != nil {
		return errs.Unavailable("the token keys could not be fetched", r.cfg.MinInterval, err)
	}
	r.keys, r.fetchedAt = keys, now
	return nil
}

// jwkSet is the part of RFC 7517 this verifier uses: Ed25519 keys (RFC 8037).
type jwkSet struct {
	Keys []struct {
		Kty string `json:"kty"`
		Crv string `json:"crv"`
		X   string `json:"x"`
		Kid string `json:"kid"`
	} `json:"keys"`
}

func (r *RemoteKeys) get(ctx context.Context) (map[string]crypto.PublicKey, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.cfg.URL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := r.cfg.Client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: status %d", r.cfg.URL, resp.StatusCode)
	}
	var set jwkSet
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&set); err != nil {
		return nil, fmt.Errorf("decode the JWK Set from %s: %w", r.cfg.URL, err)
	}
	keys := make(map[string]crypto.PublicKey, len(set.Keys))
	for _, k := range set.Keys {
		if k.Kty != "OKP" || k.Crv != "Ed25519" || k.Kid == "" {
			continue // not a key this verifier can use
		}
		x, err := base64.RawURLEncoding.DecodeString(k.X)
		if err != nil || len(x) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("JWK %q from %s: bad x", k.Kid, r.cfg.URL)
		}
		keys[k.Kid] = ed25519.PublicKey(x)
	}
	return keys, nil
}
