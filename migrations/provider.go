package migrations

import (
	"context"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/modmono/platform/db"
)

// source is a tree of sets, <set>/<dialect>/*.sql, and the names that may be run from it.
type source struct {
	fsys fs.FS
	sets []string
}

var (
	dialectDirs  = map[db.Dialect]string{db.Postgres: "postgres", db.SQLite: "sqlite"}
	gooseDialect = map[db.Dialect]goose.Dialect{db.Postgres: goose.DialectPostgres, db.SQLite: goose.DialectSQLite3}
)

// VersionTable is the table that records which migrations of set are applied. One table per set
// lets sets share a database (messaging beside auth) and lets a set move to its own database.
func VersionTable(set string) string { return "goose_" + set + "_version" }

func (s source) provider(ctx context.Context, e *db.Engine, set string) (*goose.Provider, error) {
	if !slices.Contains(s.sets, set) {
		return nil, fmt.Errorf("unknown migration set %q: known sets are %s", set, strings.Join(s.sets, ", "))
	}
	dir, ok := dialectDirs[e.Dialect()]
	if !ok {
		return nil, fmt.Errorf("migration set %q: dialect %q is not supported", set, e.Dialect())
	}
	files, err := fs.Sub(s.fsys, path.Join(set, dir))
	if err != nil {
		return nil, fmt.Errorf("migration set %q: read %s directory: %w", set, dir, err)
	}
	options := []goose.ProviderOption{
		goose.WithTableName(VersionTable(set)),
		// Only the embedded SQL files run: no Go migration registered elsewhere sneaks in.
		goose.WithDisableGlobalRegistry(true),
	}
	if e.Dialect() == db.Postgres {
		locker, err := postgresLocker(ctx, e, set)
		if err != nil {
			return nil, err
		}
		options = append(options, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(gooseDialect[e.Dialect()], e.DB(), files, options...)
	if err != nil {
		return nil, fmt.Errorf("load %s migrations of %q: %w", e.Dialect(), set, err)
	}
	return p, nil
}

// postgresLocker serialises migrations of one set in one schema across processes with a session
// advisory lock. The lock id is derived from both, so that other schemas (other contexts, or
// parallel tests) and other sets migrate without waiting.
func postgresLocker(ctx context.Context, e *db.Engine, set string) (lock.SessionLocker, error) {
	var schema string
	if err := e.DB().QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return nil, fmt.Errorf("migration set %q: find the current schema: %w", set, err)
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte("modmono migrations " + schema + " " + set))
	locker, err := lock.NewPostgresSessionLocker(
		lock.WithLockID(int64(h.Sum64())), // wrapping to negative ids is fine: any bigint is a lock id
		// Probe every second for up to five minutes: long enough for another instance's migration.
		lock.WithLockTimeout(1, 300),
	)
	if err != nil {
		return nil, fmt.Errorf("migration set %q: create lock: %w", set, err)
	}
	return locker, nil
}
