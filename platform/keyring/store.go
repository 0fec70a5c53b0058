package keyring

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/base64"
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
		var (
			k      Key
			secret string
		)
		if err := rows.Scan(&k.Generation, &secret, &k.CreatedAt, &k.SignsFrom); err != nil {
			return nil, fmt.Errorf("load the %s keys: %w", purpose, err)
		}
		if k.Secret, err = decodeSecret(purpose, secret); err != nil {
			return nil, fmt.Errorf("load the %s key %d: %w", purpose, k.Generation, err)
		}
		k.CreatedAt, k.SignsFrom = k.CreatedAt.UTC(), k.SignsFrom.UTC()
		set = append(set, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load the %s keys: %w", purpose, err)
	}
	return set, nil
}

// Ensure returns the purpose's keys, creating the first generation when there is none: the
// secret first returns (an imported key), or random bytes when first is nil or returns nil.
// However many replicas call it at once on an empty store, one key is created and all of them
// return it. first is called only when the store looks empty.
func (s *Store) Ensure(ctx context.Context, purpose Purpose, first func() ([]byte, error)) (Set, error) {
	set, err := s.Load(ctx, purpose)
	if err != nil || len(set) > 0 {
		return set, err
	}
	var secret []byte
	if first != nil {
		if secret, err = first(); err != nil {
			return nil, fmt.Errorf("the first %s key: %w", purpose, err)
		}
	}
	if secret == nil {
		secret = newSecret(purpose)
	}
	_, err = queries.Exec(ctx, s.conn, "keys.create_first", db.Args{
		"purpose": string(purpose), "secret": encodeSecret(secret), "now": s.clk.Now(),
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

// Rotate adds the next generation, signing publish from now, unless a pending one exists; it
// deletes the generations retired for longer than Retention. Two rotations at once add one key.
func (s *Store) Rotate(ctx context.Context, purpose Purpose, publish time.Duration) (Rotation, error) {
	set, err := s.Ensure(ctx, purpose, nil)
	if err != nil {
		return Rotation{}, err
	}
	now := s.clk.Now()
	r := Rotation{Purpose: purpose}
	if pending, ok := set.Pending(now); ok {
		r.Key = pending
	} else {
		if r.Key, r.Added, err = s.add(ctx, purpose, set, now.Add(publish)); err != nil {
			return r, err
		}
		set = append(set, r.Key)
	}
	for _, g := range set.Expired(now) {
		if _, err := queries.Exec(ctx, s.conn, "keys.delete", db.Args{"purpose": string(purpose), "generation": g}); err != nil {
			return r, fmt.Errorf("delete the expired %s key %d: %w", purpose, g, err)
		}
		r.Deleted = append(r.Deleted, g)
	}
	return r, nil
}

func (s *Store) add(ctx context.Context, purpose Purpose, set Set, signsFrom time.Time) (Key, bool, error) {
	k := Key{Generation: set[len(set)-1].Generation + 1, Secret: newSecret(purpose), CreatedAt: s.clk.Now(), SignsFrom: signsFrom}
	added, err := queries.Exec(ctx, s.conn, "keys.add", db.Args{
		"purpose": string(purpose), "generation": k.Generation, "secret": encodeSecret(k.Secret),
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

func newSecret(purpose Purpose) []byte {
	b := make([]byte, purpose.SecretSize())
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return b
}

// Secrets are stored as standard base64 text, the same on both dialects and readable in a dump.
func encodeSecret(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func decodeSecret(purpose Purpose, text string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return nil, errors.New("the secret is not base64")
	}
	if len(b) != purpose.SecretSize() {
		return nil, fmt.Errorf("the secret is %d bytes; want %d", len(b), purpose.SecretSize())
	}
	return b, nil
}
