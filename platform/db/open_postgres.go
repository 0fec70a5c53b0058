package db

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

func openPostgres(ctx context.Context, cfg Config) (*Engines, error) {
	poolConfig, err := pgxpool.ParseConfig(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("parse PostgreSQL URL: %w", err)
	}
	schema := cfg.schema()
	poolConfig.MaxConns = int32(min(cfg.maxConns(), math.MaxInt32))
	// Each context sees only its own schema, so unqualified table names never reach another
	// context's tables; UTC makes the server's text output of times match ours.
	poolConfig.ConnConfig.RuntimeParams["search_path"] = schema
	poolConfig.ConnConfig.RuntimeParams["timezone"] = "UTC"
	poolConfig.AfterConnect = scanTimestamptzInUTC

	pool, err := pgxpool.NewWithConfig(ctx, poolConfig)
	if err != nil {
		return nil, fmt.Errorf("open PostgreSQL pool: %w", err)
	}
	if err := createSchema(ctx, pool, schema); err != nil {
		pool.Close()
		return nil, err
	}
	engine := &Engine{dialect: Postgres, db: stdlib.OpenDBFromPool(pool), pool: pool}
	return &Engines{Read: engine, Write: engine}, nil
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
