package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/modmono/platform/page"
)

// growthRate is the open-loop rate of the data-growth runs: high enough to load the server,
// low enough that every size is measured in the same regime.
const growthRate = 1000

// growthSizes are the rows in the table at each measurement: the ratio compares the last to the
// first.
var growthSizes = []int{10_000, 1_000_000}

// growthCase is one table that grows and the reads that must not slow down as it does.
type growthCase struct {
	rows  string // what the table holds, for the heading: "orders"
	table seedTable
	// reads returns the requests to measure once the table holds n seeded rows.
	reads func(ctx context.Context, conn *pgx.Conn, s shop, n int) ([]scenario, error)
}

// growth measures, for each list of the API, a first page and a page deep in it (and a single
// order), first with 10 thousand rows in the table and then with 1 million: with keyset
// pagination and indexes, none of them should slow down as the data grows.
func growth(ctx context.Context, base, dbURL string, s shop, o options) error {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	fmt.Printf("\ndata growth (open loop at %d req/s, p95", growthRate)
	if o.repeat > 1 {
		fmt.Printf(", %d rounds", o.repeat)
	}
	fmt.Println("):")
	for _, c := range growthCases(s) {
		if err := c.measure(ctx, conn, base, s, o); err != nil {
			return err
		}
	}
	return nil
}

func growthCases(s shop) []growthCase {
	return []growthCase{
		{rows: "orders", table: ordersTable(s.customerID, s.productID), reads: func(ctx context.Context, conn *pgx.Conn, s shop, n int) ([]scenario, error) {
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
		{rows: "products", table: productsTable, reads: func(ctx context.Context, conn *pgx.Conn, s shop, n int) ([]scenario, error) {
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
		{rows: "users", table: usersTable, reads: func(ctx context.Context, conn *pgx.Conn, s shop, n int) ([]scenario, error) {
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

// measure grows the table through growthSizes and measures its reads o.repeat times at each
// size, then prints one line per read: the p95 of each round at each size, and the ratio of the
// largest size to the smallest for each round.
func (c growthCase) measure(ctx context.Context, conn *pgx.Conn, base string, s shop, o options) error {
	fmt.Printf("%-34s", c.rows+" in the table")
	for _, n := range growthSizes {
		fmt.Printf(" %*d", cellWidth(o.repeat), n)
	}
	fmt.Println()
	var names []string
	p95 := map[string][][]time.Duration{} // name → size → round
	seeded := 0
	for _, n := range growthSizes {
		if err := seed(ctx, conn, c.table, seeded, n); err != nil {
			return err
		}
		seeded = n
		if err := s.signIn(base); err != nil {
			return err
		}
		reads, err := c.reads(ctx, conn, s, n)
		if err != nil {
			return fmt.Errorf("%s at %d rows: %w", c.rows, n, err)
		}
		for _, sc := range reads {
			sc.rate = growthRate
			warmUp(sc, base)
		}
		rounds := make(map[string][]time.Duration, len(reads))
		for range o.repeat {
			for _, sc := range reads {
				sc.rate = growthRate
				m, err := sc.attack(openAttacker(), base, rateOf(sc.rate), o.duration)
				if err != nil {
					return fmt.Errorf("%s at %d %s: %w", sc.name, n, c.rows, err)
				}
				rounds[sc.name] = append(rounds[sc.name], m.Latencies.P95)
			}
		}
		for _, sc := range reads {
			if _, ok := p95[sc.name]; !ok {
				names = append(names, sc.name)
			}
			p95[sc.name] = append(p95[sc.name], rounds[sc.name])
		}
	}
	for _, name := range names {
		sizes := p95[name]
		fmt.Printf("%-34s", name)
		for _, rounds := range sizes {
			fmt.Printf(" %*s", cellWidth(o.repeat), joinDurations(rounds))
		}
		ratios := make([]string, o.repeat)
		for i := range ratios {
			ratios[i] = fmt.Sprintf("%.2f", float64(sizes[len(sizes)-1][i])/float64(sizes[0][i]))
		}
		fmt.Printf("   ratio %s\n", strings.Join(ratios, " / "))
	}
	return nil
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
