package keyring

import (
	"bytes"
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/modmono/platform/clock"
)

// DefaultReloadInterval is how often a replica reloads its keys from the store, so a rotation
// made anywhere is known everywhere within it.
const DefaultReloadInterval = 30 * time.Second

// Keeper is one process's copy of a purpose's keys: loaded (or created) at start, reloaded
// periodically by its owner (Reload), and at once when a signature names a key it does not know
// (ReloadSoon, at most once per MinInterval). Safe for concurrent use.
type Keeper struct {
	store       *Store
	purpose     Purpose
	clk         clock.Clock
	minInterval time.Duration

	reload      sync.Mutex // one reload at a time
	mu          sync.Mutex
	set         Set
	version     atomic.Uint64 // written under mu; read without it by Version
	lastAttempt time.Time
}

// KeeperConfig describes a Keeper.
type KeeperConfig struct {
	Purpose Purpose
	// Import, when set, gives the first generation when the store has none (nil: random): the
	// key file of an install that predates keys in the database.
	Import func() ([]byte, error)
	// MinInterval bounds the reloads asked for by unknown keys (default 5s): made-up key ids
	// cannot turn into a flood of queries.
	MinInterval time.Duration
	Clock       clock.Clock
}

// NewKeeper loads the purpose's keys, creating the first one when the store has none.
func NewKeeper(ctx context.Context, store *Store, cfg KeeperConfig) (*Keeper, error) {
	if cfg.MinInterval <= 0 {
		cfg.MinInterval = 5 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = store.clk
	}
	k := &Keeper{store: store, purpose: cfg.Purpose, clk: cfg.Clock, minInterval: cfg.MinInterval}
	set, err := store.Ensure(ctx, cfg.Purpose, cfg.Import)
	if err != nil {
		return nil, err
	}
	k.replace(set, k.clk.Now())
	return k, nil
}

// Purpose is what the keys sign.
func (k *Keeper) Purpose() Purpose { return k.purpose }

// Current returns the keys last loaded and a version that changes whenever they do, so a user
// can keep what it derives from them (parsed keys, ciphers) until the version moves.
func (k *Keeper) Current() (Set, uint64) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.set, k.version.Load()
}

// Version is Current's version alone, without a lock: a per-request check that what was derived
// from the keys is still current costs an atomic load.
func (k *Keeper) Version() uint64 { return k.version.Load() }

// Reload reads the keys from the store now.
func (k *Keeper) Reload(ctx context.Context) error {
	k.reload.Lock()
	defer k.reload.Unlock()
	now := k.clk.Now()
	set, err := k.store.Load(ctx, k.purpose)
	k.mu.Lock()
	k.lastAttempt = now
	k.mu.Unlock()
	if err != nil {
		return err
	}
	if len(set) > 0 { // an emptied table keeps the keys this process has rather than none
		k.replace(set, now)
	}
	return nil
}

// ReloadSoon reloads unless a reload was attempted within MinInterval; it reports whether the
// keys changed.
func (k *Keeper) ReloadSoon(ctx context.Context) bool {
	k.mu.Lock()
	recent := k.clk.Now().Sub(k.lastAttempt) < k.minInterval
	before := k.version.Load()
	k.mu.Unlock()
	if recent {
		return false
	}
	if err := k.Reload(ctx); err != nil {
		return false
	}
	_, after := k.Current()
	return after != before
}

// Rotate adds the next generation through the store, then reloads, so this process publishes
// it at once.
func (k *Keeper) Rotate(ctx context.Context, publish time.Duration) (Rotation, error) {
	r, err := k.store.Rotate(ctx, k.purpose, publish)
	if err != nil {
		return r, err
	}
	return r, k.Reload(ctx)
}

func (k *Keeper) replace(set Set, now time.Time) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.lastAttempt = now
	if slices.EqualFunc(set, k.set, sameKey) {
		return
	}
	k.set = set
	k.version.Add(1)
}

func sameKey(a, b Key) bool {
	return a.Generation == b.Generation && a.SignsFrom.Equal(b.SignsFrom) && bytes.Equal(a.Secret, b.Secret)
}
