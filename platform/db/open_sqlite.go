package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// Every connection: WAL so readers never block the writer, a busy timeout so that concurrent
// writers wait instead of failing at once, foreign keys enforced, and NORMAL sync (safe in WAL).
// busy_timeout comes first so that the pragmas after it wait for locks too.
const sqliteCommonParams = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)" +
	"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"

const (
	// One writer connection with BEGIN IMMEDIATE: a transaction takes the write lock at its start
	// (waiting up to busy_timeout) instead of failing with SQLITE_BUSY when it first writes.
	sqliteWriteParams = sqliteCommonParams + "&_txlock=immediate"
	// query_only last: journal_mode must be set before the connection refuses to write.
	sqliteReadParams = sqliteCommonParams + "&_pragma=query_only(1)"
)

func openSQLite(ctx context.Context, cfg Config) (*Engines, error) {
	path, err := sqliteFile(strings.TrimPrefix(cfg.URL, "sqlite:"), cfg.Context)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("create the directory of SQLite file %s: %w", path, err)
	}
	// The writer opens first: it switches a new file to WAL before readers attach.
	write, err := openSQLiteDB(ctx, path, sqliteWriteParams, 1)
	if err != nil {
		return nil, err
	}
	read, err := openSQLiteDB(ctx, path, sqliteReadParams, cfg.maxConns())
	if err != nil {
		return nil, errors.Join(err, write.Close())
	}
	return &Engines{
		Read:  &Engine{dialect: SQLite, db: read, poolWait: cfg.poolWait()},
		Write: &Engine{dialect: SQLite, db: write, poolWait: cfg.poolWait()},
	}, nil
}

// sqliteFile derives a context's own file from the configured path:
// "var/shop.db" + "auth" -> "var/shop.auth.db". A "sqlite://PATH" spelling is accepted too.
func sqliteFile(path, contextName string) (string, error) {
	path = strings.TrimPrefix(path, "//")
	if path == "" || path == ":memory:" || strings.ContainsAny(path, "?#") {
		return "", fmt.Errorf("SQLite path %q is not usable: give a file path such as sqlite:var/shop.db", path)
	}
	ext := filepath.Ext(path)
	if ext == "" {
		ext = ".db"
	}
	return strings.TrimSuffix(path, filepath.Ext(path)) + "." + contextName + ext, nil
}

func openSQLiteDB(ctx context.Context, path, params string, conns int) (*sql.DB, error) {
	db, err := sql.Open("sqlite", path+"?"+params)
	if err != nil {
		return nil, fmt.Errorf("open SQLite file %s: %w", path, err)
	}
	db.SetMaxOpenConns(conns)
	// Keep connections open: each new one re-runs the pragmas.
	db.SetMaxIdleConns(conns)
	if err := db.PingContext(ctx); err != nil {
		return nil, errors.Join(
			fmt.Errorf("open SQLite file %s (is its directory writable?): %w", path, err),
			db.Close())
	}
	return db, nil
}
