package main

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// seedTable is how to add rows to one table straight in its context's schema, far faster than
// through the API: one INSERT … SELECT over generate_series per step.
type seedTable struct {
	name string // for errors
	// insert adds rows $2..$3-1; $1 is the base of their ids' timestamps (Unix milliseconds),
	// args follow from $4.
	insert string
	args   []any
	// vacuum lists the tables to vacuum and analyse once the rows are in.
	vacuum []string
}

// seedID is a UUIDv7 from the row number i of a generate_series (as h, its timestamp in hex,
// and m, its random bits): ids ascend with i, and all of them are older than any the API makes.
const seedID = `(substr(h,1,8)||'-'||substr(h,9,4)||'-7'||substr(m,1,3)||'-8'||substr(m,4,3)||'-'||substr(m,7,12))::uuid`

// seedRows is the generate_series every insert reads: i, h and m for seedID.
const seedRows = `SELECT i, lpad(to_hex($1::bigint + i), 12, '0') AS h, md5(i::text) AS m FROM generate_series($2::int, $3::int - 1) AS i`

// ordersTable adds orders (one item each) for one customer, so the customer's list grows behind
// its first page.
func ordersTable(customerID, productID string) seedTable {
	return seedTable{name: "orders", args: []any{customerID, productID}, vacuum: []string{"orders.orders", "orders.order_items"},
		insert: `
WITH s AS (` + seedRows + `), o AS (
  INSERT INTO orders.orders (id, customer_id, status, total_amount, total_currency, version, created_at, updated_at)
  SELECT ` + seedID + `, $4::uuid, 'pending', 1999, 'EUR', 1, now(), now() FROM s
  RETURNING id
)
INSERT INTO orders.order_items (order_id, position, product_id, sku, name, quantity, unit_price_amount,
  unit_price_currency, line_total_amount, line_total_currency)
SELECT id, 0, $5::uuid, 'BENCH', 'Bench item', 1, 1999, 'EUR', 1999, 'EUR' FROM o`}
}

// productsTable adds products to the catalogue, one in ten of them not on sale (the public list
// skips those).
var productsTable = seedTable{name: "products", vacuum: []string{"orders.products"}, insert: `
WITH s AS (` + seedRows + `)
INSERT INTO orders.products (id, sku, name, price_amount, price_currency, active, created_at, updated_at)
SELECT ` + seedID + `, 'SEED-' || i, 'Seeded product ' || i, 100 + i % 10000, 'EUR', i % 10 <> 0, now(), now() FROM s`}

// usersTable adds customers. Their password hash is no hash: nobody signs in as them.
var usersTable = seedTable{name: "users", vacuum: []string{"auth.users"}, insert: `
WITH s AS (` + seedRows + `)
INSERT INTO auth.users (id, email, full_name, password_hash, roles, disabled, created_at, updated_at)
SELECT ` + seedID + `, 'seed-' || i || '@bench.example.com', 'Seeded user ' || i, '-', 'customer', false, now(), now() FROM s`}

// seedEpoch is the timestamp of row 0's id: a day before the run, so that the ids of every
// row seeded (a millisecond apart) are older than any the API makes during the run.
var seedEpoch = time.Now().Add(-24 * time.Hour).UnixMilli()

// seedStep is the rows one statement adds: a step commits on its own, so a large seed does not
// hold one huge transaction.
const seedStep = 100_000

// seed adds rows n0..n1-1 to t.
func seed(ctx context.Context, conn *pgx.Conn, t seedTable, n0, n1 int) error {
	for from := n0; from < n1; from += seedStep {
		to := min(from+seedStep, n1)
		if _, err := conn.Exec(ctx, t.insert, append([]any{seedEpoch, from, to}, t.args...)...); err != nil {
			return fmt.Errorf("seed %s %d..%d: %w", t.name, from, to, err)
		}
	}
	// Vacuum, analyse and checkpoint now, so the measurement that follows is not sharing the
	// machine with autovacuum and a checkpoint of the million rows just written.
	stmts := make([]string, 0, len(t.vacuum)+1)
	for _, table := range t.vacuum {
		stmts = append(stmts, "VACUUM (ANALYZE) "+table)
	}
	for _, stmt := range append(stmts, "CHECKPOINT") {
		if _, err := conn.Exec(ctx, stmt); err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	return nil
}
