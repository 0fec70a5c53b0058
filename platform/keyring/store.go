package keyring

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"time"

	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
)

//go:embed queries.sql
var files embed.FS

var queries = db.MustLoadQueries(files)

// Store reads and writes the keys of a context's database (the table of the "keys" migration
// set). Safe for concurrent use, and by any number of processes at once.
type Store struct {
	conn *db.Engine
	clk  clock.Clock
}

// NewStore keeps keys in the store of engines (its write engine: a replica that has just
// created or rotated a key must read it back at once).
func NewStore(engines *db.Engines, clk clock.Clock) *Store {
	if clk == nil {
		clk = clock.System{}
	}
	return &Store{conn: engines.Write, clk: clk}
}

// Load returns every stored generation of purpose, oldest first.
func (s *Store) Load(ctx context.Context, purpose Purpose) (Set, error) {
	rows, err := queries.Query(ctx, s.conn, "keys.list", db.Args{"purpose": string(purpose)})
	if err != nil {
		return nil, fmt.Errorf("load the %s keys: %w", purpose, err)
	}
	defer rows.Close()
	var set Set
	for rows.Next() {
		var k Key
		if err := rows.Scan(&k.Generation, &k.Secret, &k.CreatedAt, &k.SignsFrom); err != nil {
			return nil, fmt.Errorf("load the %s keys: %w", purpose, err)
		}
		k.CreatedAt, k.SignsFrom = k.CreatedAt.UTC(), k.SignsFrom.UTC()
		set = append(set, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load the %s keys: %w", purpose, err)
	}
	return set, nil
}

// Ensure returns the purpose's keys, creating the first generation from newSecret when there
// is none. However many replicas call it at once on an empty store, one key is created and all
// of them return it. newSecret is called only when the store looks empty.
func (s *Store) Ensure(ctx context.Context, purpose Purpose, newSecret func() (string, error)) (Set, error) {
	set, err := s.Load(ctx, purpose)
	if err != nil || len(set) > 0 {
		return set, err
	}
	secret, err := newSecret()
	if err != nil {
		return nil, fmt.Errorf("make the first %s key: %w", purpose, err)
	}
	_, err = queries.Exec(ctx, s.conn, "keys.create_first", db.Args{
		"purpose": string(purpose), "secret": secret, "now": s.clk.Now(),
	})
	if err != nil {
		return nil, fmt.Errorf("store the first %s key: %w", purpose, err)
	}
	set, err = s.Load(ctx, purpose)
	if err == nil && len(set) == 0 {
		err = errors.New("the first key was stored but does not read back")
	}
	return set, err
}

// Rotation is what Rotate did.
type Rotation struct {
	Purpose Purpose
	// Key is the new generation, or the pending one that a rotation already added.
	Key Key
	// Added is false when a previous rotation's key had not started signing yet: rotating
	// again would only delay it, so that key is the answer.
	Added bool
	// Deleted are the generations that verified nothing any more and were deleted.
	Deleted []int
}

// Rotate adds the next generation from newSecret, signing Publish from now, unless a pending one
// exists; it deletes the generations that no longer verify anything. Two rotations at once add
// one key.
func (s *Store) Rotate(ctx context.Context, purpose Purpose, policy Policy, newSecret func() (string, error)) (Rotation, error) {
	set, err := s.Ensure(ctx, purpose, newSecret)
	if err != nil {
		return Rotation{}, err
	}
	now := s.clk.Now()
	r := Rotation{Purpose: purpose}
	if pending, ok := set.Pending(now); ok {
		r.Key = pending
	} else {
		if r.Key, r.Added, err = s.add(ctx, purpose, set, now.Add(policy.Publish), newSecret); err != nil {
			return r, err
		}
		set = append(set, r.Key)
	}
	for _, g := range set.Expired(now, policy.Lifetime) {
		if _, err := queries.Exec(ctx, s.conn, "keys.delete", db.Args{"purpose": string(purpose), "generation": g}); err != nil {
			return r, fmt.Errorf("delete the expired %s key %d: %w", purpose, g, err)
		}
		r.Deleted = append(r.Deleted, g)
	}
	return r, nil
}

func (s *Store) add(ctx context.Context, purpose Purpose, set Set, signsFrom time.Time, newSecret func() (string, error)) (Key, bool, error) {
	secret, err := newSecret()
	if err != nil {
		return Key{}, false, fmt.Errorf("make a new %s key: %w", purpose, err)
	}
	k := Key{Generation: set[len(set)-1].Generation + 1, Secret: secret, CreatedAt: s.clk.Now(), SignsFrom: signsFrom}
	added, err := queries.Exec(ctx, s.conn, "keys.add", db.Args{
		"purpose": string(purpose), "generation": k.Generation, "secret": k.Secret,
		"now": k.CreatedAt, "signs_from": k.SignsFrom,
	})
	if err != nil {
		return Key{}, false, fmt.Errorf("store the new %s key: %w", purpose, err)
	}
	if added == 1 {
		return k, true, nil
	}
	// Another rotation added this generation first: answer with its key.
	stored, err := s.Load(ctx, purpose)
	if err != nil {
		return Key{}, false, err
	}
	for _, other := range stored {
		if other.Generation == k.Generation {
			return other, false, nil
		}
	}
	return Key{}, false, fmt.Errorf("the %s key %d was added by another rotation and then deleted", purpose, k.Generation)
}
