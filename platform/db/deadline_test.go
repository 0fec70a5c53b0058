package db_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
)

// A server that does not listen: the real error of pgx, classified.
func TestIsUnavailableOnARefusedConnection(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close() // nobody listens there now
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err = db.Open(ctx, db.Config{URL: "postgres://postgres@" + addr + "/test?sslmode=disable", Context: "refused"})
	if err == nil || !db.IsUnavailable(err) {
		t.Fatalf("Open on a closed port = %v, want an unavailable error", err)
	}
}

// The transaction follows its context until fn returns: past the deadline it is rolled back
// and InTx says so (ErrDeadline), never committing late.
func TestInTxRollsBackWhenTheDeadlinePassesBeforeCommit(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, engines *db.Engines) {
		createItems(t, engines.Write)
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		err := engines.Write.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.ExecContext(ctx, "INSERT INTO items (id, name) VALUES (1, 'late')"); err != nil {
				return err
			}
			<-ctx.Done() // the handler is still busy when its deadline passes
			return nil
		})
		if !errors.Is(err, db.ErrDeadline) || !db.IsUnavailable(err) {
			t.Fatalf("InTx = %v, want ErrDeadline", err)
		}
		if n := countItems(t, engines.Write); n != 0 {
			t.Fatalf("%d items after a transaction past its deadline, want 0", n)
		}
	})
}

// Once COMMIT is sent it no longer follows the deadline: a commit that outlasts it succeeds
// and is reported as a success, so that no error hides a committed write. PostgreSQL only: a
// deferred constraint trigger makes the COMMIT itself slow.
func TestInTxReportsACommitThatOutlastedTheDeadline(t *testing.T) {
	t.Parallel()
	engines := dbtest.Open(t, db.Postgres, "dbtest")
	createItems(t, engines.Write)
	mustExec(t, engines.Write, `CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS
		'BEGIN PERFORM pg_sleep(0.6); RETURN NULL; END'`)
	mustExec(t, engines.Write, `CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON items
		DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()`)

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err := engines.Write.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO items (id, name) VALUES (1, 'slow')")
		return err
	})
	if ctx.Err() == nil {
		t.Fatal("the commit ended before the deadline: the test proved nothing")
	}
	if err != nil {
		t.Fatalf("InTx = %v, want success: the commit went through", err)
	}
	if n := countItems(t, engines.Write); n != 1 {
		t.Fatalf("%d items, want the committed one", n)
	}
}

// A statement waiting on a lock is cancelled at the deadline (on PostgreSQL on the server too)
// and its transaction rolled back: the answer comes while the lock is still held, and the row
// never appears after the lock is released.
func TestLockedTableFailsAtTheDeadlineWithoutALateCommit(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, engines *db.Engines) {
		createItems(t, engines.Write)
		release := dbtest.HoldWriteLock(t, engines, "items")

		done := make(chan error, 1)
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			done <- engines.Write.InTx(ctx, insertItem(nil))
		}()
		select {
		case err := <-done:
			if !db.IsUnavailable(err) {
				t.Errorf("InTx on a locked table = %v, want an unavailable error", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("InTx still waits on the lock long after its deadline")
		}
		if engines.Write.Dialect() == db.Postgres {
			// The statement was cancelled on the server too: no backend still queues for the lock.
			var waiting int
			for range 50 {
				if err := engines.Read.QueryRowContext(testContext(t),
					"SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'items'::regclass").Scan(&waiting); err != nil {
					t.Fatal(err)
				}
				if waiting == 0 {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			if waiting != 0 {
				t.Errorf("%d backends still wait for the lock after the deadline: the statement was not cancelled on the server", waiting)
			}
		}
		release()
		time.Sleep(200 * time.Millisecond) // a backend still waiting would insert now
		if n := countItems(t, engines.Write); n != 0 {
			t.Fatalf("%d items after the lock was released, want 0: a late commit", n)
		}
	})
}

// Past the pool wait, a transaction fails with ErrPoolTimeout (a 503), even though its own
// deadline is far away.
func TestInTxWaitsForAConnectionAtMostThePoolWait(t *testing.T) {
	t.Parallel()
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			engines := dbtest.OpenWith(t, dialect, "dbtest", func(c *db.Config) {
				c.MaxConns, c.PoolWait = 1, 200*time.Millisecond
			})
			createItems(t, engines.Write)
			holding, release := make(chan struct{}), make(chan struct{})
			go func() {
				_ = engines.Write.InTx(testContext(t), func(*db.Tx) error {
					close(holding)
					<-release
					return nil
				})
			}()
			<-holding
			err := engines.Write.InTx(testContext(t), insertItem(nil))
			close(release)
			if !errors.Is(err, db.ErrPoolTimeout) || !db.IsUnavailable(err) {
				t.Fatalf("InTx with no free connection = %v, want ErrPoolTimeout", err)
			}
		})
	}
}

// pool_max_conns in the URL sizes the pool unless MaxConns is set; without either, 10.
func TestPostgresPoolSizeFromTheURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		param    string
		maxConns int
		want     int32
	}{
		{"URL", "pool_max_conns=3", 0, 3},
		{"MaxConns wins", "pool_max_conns=3", 5, 5},
		{"default", "", 0, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			engines := dbtest.OpenWith(t, db.Postgres, "dbtest", func(c *db.Config) {
				c.MaxConns = tc.maxConns
				if tc.param != "" {
					sep := "?"
					if strings.Contains(c.URL, "?") {
						sep = "&"
					}
					c.URL += sep + tc.param
				}
			})
			if got := engines.Write.Pool().Config().MaxConns; got != tc.want {
				t.Fatalf("pool MaxConns = %d, want %d", got, tc.want)
			}
		})
	}
}

// The database goes away (every connection cut, new ones refused) and comes back: meanwhile
// transactions fail as unavailable, within their deadline; afterwards the same engines work
// again, with no restart.
func TestStoreUnavailableThenBackWithoutReopening(t *testing.T) {
	t.Parallel()
	proxy := dbtest.NewTCPProxy(t, dbtest.PostgresAddr(t))
	engines := dbtest.OpenWith(t, db.Postgres, "dbtest", proxy.Through)
	createItems(t, engines.Write)

	proxy.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := engines.Write.InTx(ctx, insertItem(nil))
	if !db.IsUnavailable(err) {
		t.Fatalf("InTx with the database gone = %v, want an unavailable error", err)
	}
	if ctx.Err() != nil {
		t.Fatalf("InTx used the whole deadline on a refused connection (%v): it must fail at once", err)
	}

	proxy.Start(t)
	if err := engines.Write.InTx(testContext(t), insertItem(nil)); err != nil {
		t.Fatalf("InTx once the database is back = %v, want success", err)
	}
	if n := countItems(t, engines.Write); n != 1 {
		t.Fatalf("%d items, want 1", n)
	}
}

// A connection that fails before anything was sent (the server closed it during the handshake)
// is tried again within the same call: the transaction succeeds, and the caller never knew.
func TestInTxRetriesAFailedConnectBeforeAnyStatement(t *testing.T) {
	t.Parallel()
	proxy := dbtest.NewTCPProxy(t, dbtest.PostgresAddr(t))
	engines := dbtest.OpenWith(t, db.Postgres, "dbtest", proxy.Through)
	createItems(t, engines.Write)
	engines.Write.Pool().Reset() // no idle connection left: the next transaction connects anew
	proxy.DropNext(2)
	if err := engines.Write.InTx(testContext(t), insertItem(nil)); err != nil {
		t.Fatalf("InTx after two refused connects = %v, want success on the third", err)
	}
	if n := countItems(t, engines.Write); n != 1 {
		t.Fatalf("%d items, want 1", n)
	}
}

// Autocommit's answer past the deadline says what happened to the write: ErrDeadline only when
// nothing was written (the write not sent yet, or stopped by the cancel request), ErrCommitTimeout
// when the write was sent and the unit failed without its answer being known to be a rollback.
func TestAutocommitPastTheDeadlineNeverClaimsARollbackItCannotKnow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		lock      bool
		fn        func(ctx context.Context, conn db.Conn) error
		want      error
		wantItems int
	}{
		{"a write waiting on a lock is cancelled", true, func(ctx context.Context, conn db.Conn) error {
			_, err := conn.ExecContext(ctx, "INSERT INTO items (id, name) VALUES (1, 'locked out')")
			return err
		}, db.ErrDeadline, 0},
		{"a read fails before the write is sent", false, func(ctx context.Context, conn db.Conn) error {
			if _, err := conn.QueryContext(ctx, "SELECT pg_sleep(2)"); err != nil {
				return err
			}
			_, err := conn.ExecContext(ctx, "INSERT INTO items (id, name) VALUES (1, 'never sent')")
			return err
		}, db.ErrDeadline, 0},
		{"the unit fails after its write went through", false, func(ctx context.Context, conn db.Conn) error {
			if _, err := conn.ExecContext(ctx, "INSERT INTO items (id, name) VALUES (1, 'stored')"); err != nil {
				return err
			}
			<-ctx.Done()
			return ctx.Err()
		}, db.ErrCommitTimeout, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			engines := dbtest.Open(t, db.Postgres, "dbtest")
			createItems(t, engines.Write)
			release := func() {}
			if tc.lock {
				release = dbtest.HoldWriteLock(t, engines, "items")
			}
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			err := engines.Write.Autocommit(ctx, func(conn db.Conn) error { return tc.fn(ctx, conn) })
			release()
			if !errors.Is(err, tc.want) || !db.IsUnavailable(err) {
				t.Fatalf("Autocommit = %v, want %v", err, tc.want)
			}
			if errors.Is(tc.want, db.ErrDeadline) && errors.Is(err, db.ErrCommitTimeout) {
				t.Fatalf("Autocommit = %v: claims both outcomes", err)
			}
			if n := countItems(t, engines.Write); n != tc.wantItems {
				t.Fatalf("%d items, want %d", n, tc.wantItems)
			}
		})
	}
}
