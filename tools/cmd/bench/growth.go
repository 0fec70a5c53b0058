package main

import (
	"context"
	"fmt"
	"time"

	"github.com/modmono/platform/page"
)

// growthRate is the open-loop rate of the data-growth runs: high enough to load the server,
// low enough that every size is measured in the same regime.
const growthRate = 1000

// growth measures a single order, the first page of the customer's list and a page deep in it,
// first with 10 thousand orders in the table and then with 1 million: with keyset pagination
// and indexes, none of the three should slow down as the data grows.
func growth(ctx context.Context, base, dbURL string, s shop, o options) error {
	sizes := []int{10_000, 1_000_000}
	fmt.Printf("\ndata growth (open loop at %d req/s, p95):\n%-28s", growthRate, "orders in the table")
	for _, n := range sizes {
		fmt.Printf(" %12d", n)
	}
	fmt.Println()
	results := map[string][]time.Duration{}
	names := []string{"GET /api/v1/orders/{id}", "GET /api/v1/orders (page 1)", "GET /api/v1/orders (deep page)"}
	seeded := 0
	for _, n := range sizes {
		if err := seedOrders(ctx, dbURL, s.customerID, s.productID, seeded, n); err != nil {
			return err
		}
		seeded = n
		middle, err := seededOrderID(ctx, dbURL, s.customerID, n/2)
		if err != nil {
			return err
		}
		deep, err := seededOrderID(ctx, dbURL, s.customerID, n/10) // newest first: 90% of the way down
		if err != nil {
			return err
		}
		runs := []scenario{
			{name: names[0], method: "GET", path: "/api/v1/orders/" + middle, token: s.token, rate: growthRate},
			{name: names[1], method: "GET", path: "/api/v1/orders?limit=20", token: s.token, rate: growthRate},
			{name: names[2], method: "GET", path: "/api/v1/orders?limit=20&cursor=" + page.EncodeCursor(deep), token: s.token, rate: growthRate},
		}
		for _, sc := range runs {
			m, err := sc.attack(openAttacker(), base, rateOf(sc.rate), o.duration)
			if err != nil {
				return fmt.Errorf("%s at %d orders: %w", sc.name, n, err)
			}
			results[sc.name] = append(results[sc.name], m.Latencies.P95)
		}
	}
	for _, name := range names {
		fmt.Printf("%-28s", name)
		for _, p95 := range results[name] {
			fmt.Printf(" %12s", round(p95))
		}
		r := results[name]
		fmt.Printf("   ratio %.2f\n", float64(r[len(r)-1])/float64(r[0]))
	}
	return nil
}
