package db_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/sqlcount"
)

func TestInTxCommitsOrRollsBack(t *testing.T) {
	t.Parallel()
	errDomain := errors.New("domain rule broken")
	tests := []struct {
		name      string
		fn        func(tx *db.Tx) error
		wantErr   error
		wantPanic bool
		wantItems int
	}{
		{name: "commits when fn succeeds", fn: insertItem(nil), wantItems: 1},
		{name: "rolls back and returns fn's error unwrapped", fn: insertItem(errDomain), wantErr: errDomain},
		{name: "rolls back on panic and lets it go on", fn: func(tx *db.Tx) error {
			_ = insertItem(nil)(tx)
			panic("boom")
		}, wantPanic: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			eachDialect(t, func(t *testing.T, engines *db.Engines) {
				createItems(t, engines.Write)
				err, panicked := runInTx(t, engines.Write, tt.fn)
				if panicked != tt.wantPanic {
					t.Errorf("panicked = %v, want %v", panicked, tt.wantPanic)
				}
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("InTx error = %v, want %v", err, tt.wantErr)
				}
				// Counting again also proves the connection was released: on SQLite the write
				// engine has only one.
				if got := countItems(t, engines.Write); got != tt.wantItems {
					t.Errorf("items after InTx = %d, want %d", got, tt.wantItems)
				}
			})
		})
	}
}

func insertItem(result error) func(tx *db.Tx) error {
	return func(tx *db.Tx) error {
		if _, err := tx.ExecContext(txContext, "INSERT INTO items (id, name) VALUES (1, 'a')"); err != nil {
			return err
		}
		return result
	}
}

func runInTx(t *testing.T, e *db.Engine, fn func(tx *db.Tx) error) (err error, panicked bool) {
	defer func() {
		if recover() != nil {
			panicked = true
		}
	}()
	return e.InTx(testContext(t), fn), false
}

func TestInTxReleasesTheConnectionWhenFnExitsItsGoroutine(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, engines *db.Engines) {
		createItems(t, engines.Write)
		var wg sync.WaitGroup
		wg.Go(func() {
			// t.FailNow in a helper would do this: runtime.Goexit, no panic, no return.
			_ = engines.Write.InTx(testContext(t), func(tx *db.Tx) error {
				_ = insertItem(nil)(tx)
				runtime.Goexit()
				return nil
			})
		})
		wg.Wait()
		if got := countItems(t, engines.Write); got != 0 {
			t.Errorf("items after an abandoned transaction = %d, want 0", got)
		}
	})
}

func TestStatementCounterCountsEveryRoundTrip(t *testing.T) {
	t.Parallel()
	errStop := errors.New("stop")
	tests := []struct {
		name string
		run  func(e *db.Engine, ctx context.Context) error
		want int64
	}{
		{"BEGIN, two statements, COMMIT", func(e *db.Engine, ctx context.Context) error {
			return e.InTx(ctx, func(tx *db.Tx) error {
				if _, err := tx.ExecContext(ctx, "INSERT INTO items (id, name) VALUES (1, 'a')"); err != nil {
					return err
				}
				var n int
				return tx.QueryRowContext(ctx, "SELECT count(*) FROM items").Scan(&n)
			})
		}, 4},
		{"BEGIN, one statement, ROLLBACK", func(e *db.Engine, ctx context.Context) error {
			err := e.InTx(ctx, func(tx *db.Tx) error {
				_, _ = tx.QueryContext(ctx, "SELECT 1")
				return errStop
			})
			if errors.Is(err, errStop) {
				return nil
			}
			return err
		}, 3},
		{"statements outside a transaction", func(e *db.Engine, ctx context.Context) error {
			if _, err := e.ExecContext(ctx, "DELETE FROM items"); err != nil {
				return err
			}
			rows, err := e.QueryContext(ctx, "SELECT id FROM items")
			if err != nil {
				return err
			}
			return rows.Close()
		}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			eachDialect(t, func(t *testing.T, engines *db.Engines) {
				createItems(t, engines.Write)
				ctx, counter := sqlcount.Start(testContext(t))
				if err := tt.run(engines.Write, ctx); err != nil {
					t.Fatal(err)
				}
				if got := counter.Count(); got != tt.want {
					t.Errorf("Count() = %d, want %d", got, tt.want)
				}
			})
		})
	}
}

func TestConcurrentTransactionsAllCommit(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, engines *db.Engines) {
		createItems(t, engines.Write)
		mustExec(t, engines.Write, "INSERT INTO items (id, name) VALUES (1, 'counter')")
		const writers = 16
		errs := make(chan error, writers)
		var wg sync.WaitGroup
		for range writers {
			wg.Go(func() {
				errs <- engines.Write.InTx(testContext(t), func(tx *db.Tx) error {
					_, err := tx.ExecContext(txContext, "UPDATE items SET n = n + 1 WHERE id = 1")
					return err
				})
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("concurrent InTx: %v", err)
			}
		}
		var n int
		if err := engines.Read.QueryRowContext(testContext(t), "SELECT n FROM items WHERE id = 1").Scan(&n); err != nil || n != writers {
			t.Errorf("counter = %d, %v; want %d", n, err, writers)
		}
	})
}
