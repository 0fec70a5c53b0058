package db_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
)

func TestIsUniqueViolationOnRealErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		statement string
		want      bool
	}{
		{"duplicate unique column", "INSERT INTO items (id, name) VALUES (2, 'a')", true},
		{"duplicate primary key", "INSERT INTO items (id, name) VALUES (1, 'b')", true},
		{"not null violation", "INSERT INTO items (id, name) VALUES (3, NULL)", false},
		{"syntax error", "INSERT INTO", false},
	}
	eachDialect(t, func(t *testing.T, engines *db.Engines) {
		createItems(t, engines.Write)
		mustExec(t, engines.Write, "INSERT INTO items (id, name) VALUES (1, 'a')")
		for _, tt := range tests {
			_, err := engines.Write.ExecContext(testContext(t), tt.statement)
			if err == nil {
				t.Fatalf("%s: %q succeeded, want an error", tt.name, tt.statement)
			}
			wrapped := fmt.Errorf("create item: %w", err)
			if got := db.IsUniqueViolation(wrapped); got != tt.want {
				t.Errorf("%s: IsUniqueViolation(%v) = %v, want %v", tt.name, err, got, tt.want)
			}
			if db.IsRetryable(wrapped) {
				t.Errorf("%s: IsRetryable(%v) = true, want false", tt.name, err)
			}
		}
	})
}

func TestErrorClassifiersIgnoreOtherErrors(t *testing.T) {
	t.Parallel()
	for _, err := range []error{nil, errors.New("plain"), sql.ErrNoRows, context.Canceled} {
		if db.IsUniqueViolation(err) || db.IsRetryable(err) {
			t.Errorf("IsUniqueViolation/IsRetryable(%v) = true, want false", err)
		}
	}
}

func TestIsRetryableOnPostgresSerializationFailure(t *testing.T) {
	t.Parallel()
	engines := dbtest.Open(t, db.Postgres, "dbtest")
	createItems(t, engines.Write)
	mustExec(t, engines.Write, "INSERT INTO items (id, name) VALUES (1, 'a')")
	ctx := testContext(t)
	repeatable := &sql.TxOptions{Isolation: sql.LevelRepeatableRead}

	late, err := engines.Write.DB().BeginTx(ctx, repeatable)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = late.Rollback() }()
	var n int
	if err := late.QueryRowContext(ctx, "SELECT n FROM items WHERE id = 1").Scan(&n); err != nil {
		t.Fatal(err) // the snapshot is taken here
	}
	mustExec(t, engines.Write, "UPDATE items SET n = n + 1 WHERE id = 1")

	_, err = late.ExecContext(ctx, "UPDATE items SET n = n + 1 WHERE id = 1")
	if !db.IsRetryable(fmt.Errorf("wrapped: %w", err)) {
		t.Errorf("IsRetryable(%v) = false, want true for a serialization failure", err)
	}
}

func TestIsRetryableOnSQLiteBusy(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "shop.db")
	engines := openSQLite(t, "sqlite:"+path)
	createItems(t, engines.Write)

	// A second writer that does not wait for the lock, as another process with no busy timeout.
	impatient, err := sql.Open("sqlite", filepath.Join(filepath.Dir(path), "shop.auth.db")+"?_pragma=busy_timeout(0)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = impatient.Close() }()

	err = engines.Write.InTx(testContext(t), func(tx *db.Tx) error {
		if _, err := tx.ExecContext(txContext, "INSERT INTO items (id, name) VALUES (1, 'a')"); err != nil {
			return err
		}
		other, err := impatient.BeginTx(txContext, nil)
		if err == nil {
			_ = other.Rollback()
			return errors.New("a second writer began while the first held the lock")
		}
		if !db.IsRetryable(fmt.Errorf("wrapped: %w", err)) {
			return fmt.Errorf("IsRetryable(%w) = false, want true for SQLITE_BUSY", err)
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}
