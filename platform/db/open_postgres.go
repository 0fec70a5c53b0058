package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

func openPostgres(ctx context.Context, cfg Config) (*Engines, error) {
	primary, err := postgresEngine(cfg, cfg.URL, false)
	if err != nil {
		return nil, err
	}
	if err := createSchema(ctx, primary.pool, cfg.schema()); err != nil {
		_ = primary.close()
		return nil, err
	}
	if len(cfg.ReadURLs) == 0 {
		return &Engines{Read: primary, Write: primary}, nil
	}
	// Replicas are opened without connecting (pgxpool connects on first use): one that is down
	// at start is only left out of the reads until it answers.
	replicas := make([]*replica, 0, len(cfg.ReadURLs))
	for i, u := range cfg.ReadURLs {
		e, err := postgresEngine(cfg, u, true)
		if err != nil {
			for _, r := range replicas {
				_ = r.engine.close()
			}
			_ = primary.close()
			return nil, fmt.Errorf("read replica %d: %w", i+1, err)
		}
		replicas = append(replicas, &replica{name: e.pool.Config().ConnConfig.Host + ":" + strconv.Itoa(int(e.pool.Config().ConnConfig.Port)), engine: e})
	}
	primary.tracksPositions = true
	read := &Engine{dialect: Postgres, db: replicas[0].engine.db, pool: replicas[0].engine.pool, poolWait: primary.poolWait,
		router: newRouter(primary, replicas, cfg.MaxLag, cfg.ReadObserver)}
	return &Engines{Read: read, Write: primary}, nil
}

// replicaConnectTimeout bounds connecting to a replica unless its URL sets connect_timeout.
const replicaConnectTimeout = time.Second

// postgresEngine opens a pool on url confined to the context's schema; it connects lazily.
func postgresEngine(cfg Config, url string, replica bool) (*Engine, error) {
	poolConfig, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse PostgreSQL URL: %w", err)
	}
	if replica && !urlHasParam(url, "connect_timeout") {
		// A replica that does not answer costs a read at most this; then the primary answers.
		poolConfig.ConnConfig.ConnectTimeout = replicaConnectTimeout
	}
	// An explicit MaxConns wins; else the URL's own pool_max_conns; else the default.
	if cfg.MaxConns != 0 || !urlHasParam(url, "pool_max_conns") {
		poolConfig.MaxConns = int32(min(cfg.maxConns(), math.MaxInt32))
	}
	// A statement whose context ends is cancelled on the server (a cancel request), so that a
	// backend waiting on a lock stops waiting and rolls back instead of running on unseen, and
	// the connection stays usable (pgx's default cuts it, reconnecting costs more); the socket
	// deadline after it covers a server that no longer answers at all.
	poolConfig.ConnConfig.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: cancelGrace}
	}
	// Each context sees only its own schema, so unqualified table names never reach another
	// context's tables; UTC makes the server's text output of times match ours.
	poolConfig.ConnConfig.RuntimeParams["search_path"] = cfg.schema()
	poolConfig.ConnConfig.RuntimeParams["timezone"] = "UTC"
	if !replica {
		for name, value := range cfg.Settings {
			poolConfig.ConnConfig.RuntimeParams[name] = value
		}
	}
	poolConfig.AfterConnect = scanTimestamptzInUTC

	pool, err := pgxpool.NewWithConfig(context.Background(), poolConfig)
	if err != nil {
		return nil, fmt.Errorf("open PostgreSQL pool: %w", err)
	}
	// As stdlib.OpenDBFromPool, with the pool's wait bounded: database/sql keeps no idle
	// connections of its own, so every statement and transaction acquires from the pool here.
	sqlDB := sql.OpenDB(waitingConnector{Connector: stdlib.GetPoolConnector(pool), wait: cfg.poolWait()})
	sqlDB.SetMaxIdleConns(0)
	return &Engine{dialect: Postgres, db: sqlDB, pool: pool, poolWait: cfg.poolWait(),
		txSlots: txSlotsFor(int(poolConfig.MaxConns))}, nil
}

// txSlotsFor keeps a quarter of a pool of maxConns (at least one connection, when there are two
// or more) out of reach of transactions: the commands' transactions are what piles up when a
// table is locked or a writer is slow, and the reserve keeps the context's queries and single
// statements (reads, idempotency claims) answering meanwhile, as SQLite's separate readers do.
func txSlotsFor(maxConns int) chan struct{} {
	if maxConns < 2 {
		return nil
	}
	reserve := max(1, maxConns/4)
	return make(chan struct{}, maxConns-reserve)
}

// cancelGrace is how long a cancelled statement may take to stop after its cancel request before
// the connection is cut.
const cancelGrace = 500 * time.Millisecond

// waitingConnector bounds the wait for a pool connection (ErrPoolTimeout past it).
type waitingConnector struct {
	driver.Connector
	wait time.Duration
}

func (c waitingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	waitCtx, cancel := context.WithTimeout(ctx, c.wait)
	defer cancel()
	conn, err := c.Connector.Connect(waitCtx)
	return conn, waitError(ctx, waitCtx, c.wait, err)
}

// urlHasParam reports whether a postgres:// URL sets the query parameter name.
func urlHasParam(raw, name string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Query().Has(name)
}

func createSchema(ctx context.Context, pool *pgxpool.Pool, schema string) error {
	_, err := pool.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{schema}.Sanitize())
	// Two processes starting at once can both miss the schema; the loser sees a unique violation
	// on the catalogue, and the schema exists all the same.
	if err != nil && !IsUniqueViolation(err) {
		return fmt.Errorf("create PostgreSQL schema %q (is the database reachable and may this role create schemas?): %w", schema, err)
	}
	return nil
}

// scanTimestamptzInUTC makes timestamptz values scan as UTC times, as they are written, so that a
// time read back equals the one stored (==, not only Equal) whatever the machine's time zone.
func scanTimestamptzInUTC(_ context.Context, conn *pgx.Conn) error {
	conn.TypeMap().RegisterType(&pgtype.Type{
		Name:  "timestamptz",
		OID:   pgtype.TimestamptzOID,
		Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC},
	})
	return nil
}
