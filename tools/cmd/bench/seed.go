package main

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// seedOrders adds orders (one item each) for one customer directly in the orders schema, with
// UUIDv7 ids older than any order the API places, so a list grows behind its first page. Rows
// n0..n1-1 are added; the caller grows the table in steps.
func seedOrders(ctx context.Context, databaseURL, customerID, productID string, n0, n1 int) error {
	conn, err := pgx.Connect(ctx, databaseURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	// A start well before now keeps seeded ids below the ones the benchmark itself creates.
	baseMillis := time.Now().Add(-48*time.Hour).UnixMilli() - int64(n1)
	const idExpr = `(substr(h,1,8)||'-'||substr(h,9,4)||'-7'||substr(m,1,3)||'-8'||substr(m,4,3)||'-'||substr(m,7,12))::uuid`
	sql := fmt.Sprintf(`
WITH s AS (
  SELECT i, lpad(to_hex($1::bigint + i), 12, '0') AS h, md5(i::text) AS m FROM generate_series($2::int, $3::int - 1) AS i
), o AS (
  INSERT INTO orders.orders (id, customer_id, status, total_amount, total_currency, version, created_at, updated_at)
  SELECT %s, $4::uuid, 'pending', 1999, 'EUR', 1, now(), now() FROM s
  RETURNING id
)
INSERT INTO orders.order_items (order_id, position, product_id, sku, name, quantity, unit_price_amount,
  unit_price_currency, line_total_amount, line_total_currency)
SELECT id, 0, $5::uuid, 'BENCH', 'Bench item', 1, 1999, 'EUR', 1999, 'EUR' FROM o`, idExpr)
	const step = 100_000
	for from := n0; from < n1; from += step {
		to := min(from+step, n1)
		if _, err := conn.Exec(ctx, sql, baseMillis, from, to, customerID, productID); err != nil {
			return fmt.Errorf("seed orders %d..%d: %w", from, to, err)
		}
	}
	// Vacuum, analyse and checkpoint now, so the measurement that follows is not sharing the
	// machine with autovacuum and a checkpoint of the million rows just written.
	for _, stmt := range []string{"VACUUM (ANALYZE) orders.orders", "VACUUM (ANALYZE) orders.order_items", "CHECKPOINT"} {
		if _, err := conn.Exec(ctx, stmt); err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	return nil
}

// seededOrderID returns the id of the i-th seeded order (ids ascend with i).
func seededOrderID(ctx context.Context, databaseURL, customerID string, i int) (string, error) {
	conn, err := pgx.Connect(ctx, databaseURL)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	var id string
	err = conn.QueryRow(ctx, `SELECT id::text FROM orders.orders WHERE customer_id = $1 ORDER BY id OFFSET $2 LIMIT 1`, customerID, i).Scan(&id)
	return id, err
}
