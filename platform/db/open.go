package db

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Config opens the engines of one context.
type Config struct {
	// URL is "postgres://...", "postgresql://..." or "sqlite:PATH".
	URL string
	// Context names the bounded context ("auth"): its PostgreSQL schema (search_path) and the
	// suffix of its SQLite file ("var/shop.db" + "auth" -> "var/shop.auth.db").
	Context string
	// Schema, when set, is the PostgreSQL schema to use instead of Context: tests give each test
	// a throwaway schema. Ignored on SQLite.
	Schema string
	// MaxConns bounds the connections of the PostgreSQL pool and of the SQLite read engine;
	// 0 means the URL's pool_max_conns on PostgreSQL, else the default (10). The SQLite write
	// engine always has exactly one.
	MaxConns int
	// PoolWait bounds how long a transaction waits for a connection (the pool's, or the SQLite
	// writer) before failing with ErrPoolTimeout; 0 means DefaultPoolWait. The request's own
	// deadline bounds every wait too.
	PoolWait time.Duration
	// ReadURLs are streaming replicas of URL (PostgreSQL only): reads go to them when they are
	// recent enough for the request (Session, MaxLag), else to the primary.
	ReadURLs []string
	// MaxLag is how far behind a replica may be and still serve reads of clients that have not
	// just written; 0 means DefaultMaxLag.
	MaxLag time.Duration
	// ReadObserver, when set, is told where reads go (metrics).
	ReadObserver ReadObserver
	// Settings are PostgreSQL run-time parameters given to every connection of the primary's
	// pool when it connects (no statement per transaction); ignored on SQLite. The outbox's
	// outbox.notify is one (outbox.InProcessRelaySettings).
	Settings map[string]string
}

const defaultMaxConns = 10

// DefaultPoolWait is the longest a transaction waits for a connection unless configured: a
// healthy pool hands one out in microseconds, so a longer wait means the context's store is
// saturated, and failing fast (503) frees the client to retry elsewhere or later.
const DefaultPoolWait = 3 * time.Second

// identifier is what a context or schema name may be: it appears unquoted in file names and in
// search_path, so it is kept to characters that need no quoting anywhere.
var identifier = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

func (c Config) validate() error {
	if !identifier.MatchString(c.Context) {
		return fmt.Errorf("database context name %q is invalid: use 1..63 lower-case letters, digits or underscores, starting with a letter", c.Context)
	}
	if c.Schema != "" && !identifier.MatchString(c.Schema) {
		return fmt.Errorf("database schema name %q is invalid: use 1..63 lower-case letters, digits or underscores, starting with a letter", c.Schema)
	}
	if c.MaxConns < 0 {
		return fmt.Errorf("database MaxConns is %d: use 0 for the default or a positive number", c.MaxConns)
	}
	if c.PoolWait < 0 {
		return fmt.Errorf("database PoolWait is %s: use 0 for the default or a positive duration", c.PoolWait)
	}
	return nil
}

func (c Config) schema() string {
	if c.Schema != "" {
		return c.Schema
	}
	return c.Context
}

func (c Config) maxConns() int {
	if c.MaxConns == 0 {
		return defaultMaxConns
	}
	return c.MaxConns
}

func (c Config) poolWait() time.Duration {
	if c.PoolWait == 0 {
		return DefaultPoolWait
	}
	return c.PoolWait
}

// Open opens the read and write engines of one context. PostgreSQL: creates the context's schema
// if it is missing and confines every connection to it (search_path). SQLite: opens the context's
// own file beside the configured path, creating its directory.
func Open(ctx context.Context, cfg Config) (*Engines, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	switch {
	case strings.HasPrefix(cfg.URL, "postgres://"), strings.HasPrefix(cfg.URL, "postgresql://"):
		return openPostgres(ctx, cfg)
	case strings.HasPrefix(cfg.URL, "sqlite:"):
		if len(cfg.ReadURLs) > 0 {
			return nil, errors.New("read replicas need PostgreSQL: the database URL is SQLite")
		}
		return openSQLite(ctx, cfg)
	default:
		// Only the scheme is shown: the rest of a URL may hold a password.
		scheme, _, _ := strings.Cut(cfg.URL, ":")
		return nil, fmt.Errorf("database URL with scheme %q is not supported: use postgres://..., postgresql://... or sqlite:PATH", scheme)
	}
}
