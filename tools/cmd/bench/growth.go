package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/modmono/platform/page"
)

// growthSizes are the rows in the table at each measurement: the ratio compares the last to the
// first.
var growthSizes = []int{10_000, 1_000_000}

// growthCase is one table that grows and the reads that must not slow down as it does.
type growthCase struct {
	rows  string // what the table holds, for the heading: "orders"
	table func(shop) seedTable
	// reads returns the requests to measure once the table holds n seeded rows.
	reads func(ctx context.Context, conn *pgx.Conn, s shop, n int) ([]scenario, error)
}

// growthSide is one of the sizes: a database of its own, seeded to that size, and a gateway on it.
type growthSide struct {
	rows int
	gw   *gateway
	conn *pgx.Conn
	shop shop
}

// growth measures, for each list of the API, a first page and a page deep in it (and a single
// order), with 10 thousand rows in the table and with 1 million: with keyset pagination and
// indexes, none of them should slow down as the data grows. Each size has its own database and
// gateway, and the two are measured one right after the other, round after round, so that the
// other work on a shared machine weighs on both alike and the ratio of a round compares like
// with like.
func growth(ctx context.Context, o options) error {
	sides := make([]*growthSide, len(growthSizes))
	for i, n := range growthSizes {
		dbURL, drop, err := createDatabase(ctx, o.databaseURL)
		if err != nil {
			return err
		}
		defer drop()
		gw, err := startGateway(o.binary, dbURL, "DB_POOL_MAX=4")
		if err != nil {
			return err
		}
		defer gw.stop()
		s, err := prepareShop(gw.url)
		if err != nil {
			return err
		}
		conn, err := pgx.Connect(ctx, dbURL)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		sides[i] = &growthSide{rows: n, gw: gw, conn: conn, shop: s}
	}
	fmt.Printf("\ndata growth (open loop at %d req/s, p95", o.growthRate)
	if o.repeat > 1 {
		fmt.Printf(", %d rounds, the sizes alternating", o.repeat)
	}
	fmt.Println("):")
	for _, c := range growthCases() {
		if err := c.measure(ctx, sides, o); err != nil {
			return err
		}
	}
	return nil
}

func growthCases() []growthCase {
	return []growthCase{
		{rows: "orders", table: func(s shop) seedTable { return ordersTable(s.customerID, s.productID) }, reads: func(ctx context.Context, conn *pgx.Conn, s shop, n int) ([]scenario, error) {
			const q = `SELECT id::text FROM orders.orders WHERE customer_id = $2 ORDER BY id OFFSET $1 LIMIT 1`
			middle, err := nthID(ctx, conn, q, n/2, s.customerID)
			if err != nil {
				return nil, err
			}
			deep, err := nthID(ctx, conn, q, n/10, s.customerID) // newest first: 90% of the way down
			if err != nil {
				return nil, err
			}
			return []scenario{
				{name: "GET /api/v1/orders/{id}", method: "GET", path: "/api/v1/orders/" + middle, token: s.token},
				{name: "GET /api/v1/orders (page 1)", method: "GET", path: "/api/v1/orders?limit=20", token: s.token},
				{name: "GET /api/v1/orders (deep page)", method: "GET", path: "/api/v1/orders?limit=20&cursor=" + page.EncodeCursor(deep), token: s.token},
			}, nil
		}},
		// The public catalogue: no token, so only the products on sale (nine in ten seeded rows).
		{rows: "products", table: func(shop) seedTable { return productsTable }, reads: func(ctx context.Context, conn *pgx.Conn, s shop, n int) ([]scenario, error) {
			deep, err := nthID(ctx, conn, `SELECT id::text FROM orders.products WHERE active ORDER BY id OFFSET $1 LIMIT 1`, n/10)
			if err != nil {
				return nil, err
			}
			return []scenario{
				{name: "GET /api/v1/products (page 1)", method: "GET", path: "/api/v1/products?limit=20"},
				{name: "GET /api/v1/products (deep page)", method: "GET", path: "/api/v1/products?limit=20&cursor=" + page.EncodeCursor(deep)},
			}, nil
		}},
		// The admin's list of users, unfiltered.
		{rows: "users", table: func(shop) seedTable { return usersTable }, reads: func(ctx context.Context, conn *pgx.Conn, s shop, n int) ([]scenario, error) {
			deep, err := nthID(ctx, conn, `SELECT id::text FROM auth.users ORDER BY id OFFSET $1 LIMIT 1`, n/10)
			if err != nil {
				return nil, err
			}
			return []scenario{
				{name: "GET /api/v1/users (page 1)", method: "GET", path: "/api/v1/users?limit=20", token: s.adminToken},
				{name: "GET /api/v1/users (deep page)", method: "GET", path: "/api/v1/users?limit=20&cursor=" + page.EncodeCursor(deep), token: s.adminToken},
			}, nil
		}},
	}
}

// measure seeds the table of each side to its size, then measures each read o.repeat times on
// every side in turn, and prints one line per read: the p95 of each round at each size, and the
// ratio of the largest size to the smallest for each round.
func (c growthCase) measure(ctx context.Context, sides []*growthSide, o options) error {
	fmt.Printf("%-34s", c.rows+" in the table")
	for _, side := range sides {
		fmt.Printf(" %*d", cellWidth(o.repeat), side.rows)
	}
	fmt.Println()
	for _, side := range sides {
		if err := seed(ctx, side.conn, c.table(side.shop), 0, side.rows); err != nil {
			return err
		}
	}
	reads := make([][]scenario, len(sides)) // side → read
	for i, side := range sides {
		if err := side.shop.signIn(side.gw.url); err != nil { // fresh tokens for this case's runs
			return err
		}
		var err error
		if reads[i], err = c.reads(ctx, side.conn, side.shop, side.rows); err != nil {
			return fmt.Errorf("%s at %d rows: %w", c.rows, side.rows, err)
		}
	}
	p95 := make([][][]time.Duration, len(reads[0])) // read → side → round
	p50 := make([][][]time.Duration, len(reads[0]))
	for j := range p95 {
		p95[j], p50[j] = make([][]time.Duration, len(sides)), make([][]time.Duration, len(sides))
	}
	for round := range o.repeat {
		for j := range reads[0] {
			for i, side := range sides {
				sc := reads[i][j]
				sc.rate = o.growthRate
				if round == 0 {
					warmUp(sc, side.gw.url)
				}
				m, err := sc.attack(openAttacker(), side.gw.url, rateOf(sc.rate), o.duration)
				if err != nil {
					return fmt.Errorf("%s at %d %s: %w", sc.name, side.rows, c.rows, err)
				}
				p95[j][i] = append(p95[j][i], m.Latencies.P95)
				p50[j][i] = append(p50[j][i], m.Latencies.P50)
			}
		}
	}
	for j, sc := range reads[0] {
		fmt.Printf("%-34s", sc.name)
		for _, rounds := range p95[j] {
			fmt.Printf(" %*s", cellWidth(o.repeat), joinDurations(rounds))
		}
		// The p50's ratio too: on a shared machine the other work's queueing lands in the p95.
		fmt.Printf("   ratio %s (p50 %s)\n", ratios(p95[j]), ratios(p50[j]))
	}
	return nil
}

// ratios is, for each round, the largest size's figure over the smallest's.
func ratios(bySide [][]time.Duration) string {
	first, last := bySide[0], bySide[len(bySide)-1]
	r := make([]string, len(first))
	for i := range r {
		r[i] = fmt.Sprintf("%.2f", float64(last[i])/float64(first[i]))
	}
	return strings.Join(r, " / ")
}

// cellWidth fits repeat durations joined by " / ".
func cellWidth(repeat int) int { return max(12, 10*repeat) }

func joinDurations(ds []time.Duration) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = round(d).String()
	}
	return strings.Join(s, " / ")
}

// nthID returns the id on the i-th row of query, which takes the offset as $1 and args after it.
func nthID(ctx context.Context, conn *pgx.Conn, query string, i int, args ...any) (string, error) {
	var id string
	err := conn.QueryRow(ctx, query, append([]any{i}, args...)...).Scan(&id)
	return id, err
}
