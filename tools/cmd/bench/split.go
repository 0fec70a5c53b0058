package main

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// split starts the Stage 4+5 topology (three services on their own databases, events over NATS,
// the gateway in front), measures the same write and read through it and, round after round
// alternating with it, through the monolith at monoBase, and how long a payment takes to turn
// its order `paid` over NATS. The CPU each request costs every process, from /proc, shows
// which of them the hop's time is spent in.
func split(ctx context.Context, o options, monolith *gateway, mono shop) error {
	bin := filepath.Dir(o.binary)
	var dbs [3]string
	for i, name := range []string{"auth", "orders", "payments"} {
		url, drop, err := createDatabase(ctx, o.databaseURL)
		if err != nil {
			return fmt.Errorf("%s database: %w", name, err)
		}
		defer drop()
		dbs[i] = url
	}
	broker := []string{"BROKER_URL=" + o.natsURL, fmt.Sprintf("BROKER_STREAM=BENCH_%d", time.Now().UnixNano())}
	auth, err := startProcess(filepath.Join(bin, "auth-service"), append(broker, "DATABASE_URL="+dbs[0],
		"JWT_SIGNING_KEY_FILE="+filepath.Join(o.tempDir, "bench-split-jwt.pem"),
		"BOOTSTRAP_ADMIN_EMAIL="+benchAdminEmail, "BOOTSTRAP_ADMIN_PASSWORD="+benchAdminPassword)...)
	if err != nil {
		return err
	}
	defer auth.stop()
	orders, err := startProfiled(o, filepath.Join(bin, "orders-service"), append(broker, "DATABASE_URL="+dbs[1], "AUTH_URL="+auth.url)...)
	if err != nil {
		return err
	}
	defer orders.stop()
	payments, err := startProcess(filepath.Join(bin, "payments-service"), append(broker, "DATABASE_URL="+dbs[2],
		"AUTH_URL="+auth.url, "ORDERS_URL="+orders.url)...)
	if err != nil {
		return err
	}
	defer payments.stop()
	gw, err := startProfiled(o, o.binary, "DATABASE_URL=sqlite:"+filepath.Join(o.tempDir, "bench-split-gateway.db"),
		"AUTH_URL="+auth.url, "ORDERS_URL="+orders.url, "PAYMENTS_URL="+payments.url)
	if err != nil {
		return err
	}
	defer gw.stop()

	s, err := prepareShop(gw.url)
	if err != nil {
		return err
	}
	if err := mono.signIn(monolith.url); err != nil { // its tokens may be older than their lifetime
		return err
	}
	fmt.Printf("\nsplit topology (gateway → service → its database; NATS between services), against the monolith")
	if o.repeat > 1 {
		fmt.Printf(" (%d rounds, each measured right after the monolith)", o.repeat)
	}
	fmt.Println(":")
	w := cellWidth(o.repeat)
	fmt.Printf("%-26s %6s %*s %*s %*s %*s\n", "endpoint", "rate", w, "monolith p50", w, "split p50", w, "split p95", w, "added p50")
	type cpu struct {
		name  string
		pids  []int
		ticks uint64
	}
	for _, sc := range splitScenarios(o.splitRate) {
		var monoP50, p50, p95, added []time.Duration
		cpus := []*cpu{{name: "monolith", pids: []int{monolith.cmd.Process.Pid}}, {name: "split gateway", pids: []int{gw.cmd.Process.Pid}},
			{name: "orders-service", pids: []int{orders.cmd.Process.Pid}}, {name: "auth-service", pids: []int{auth.cmd.Process.Pid}},
			{name: "payments-service", pids: []int{payments.cmd.Process.Pid}}, {name: "nats-server", pids: processPIDs("nats-server")}}
		var monoRequests, splitRequests uint64
		for round := range o.repeat {
			// The last round's CPU profiles, with -profile.
			profile := func(label string, procs []profiled, measure func() error) error {
				if round < o.repeat-1 {
					return measure()
				}
				return cpuProfiles(o.profileDir, label+"-"+sc.label(), o.duration, procs, measure)
			}
			if round == 0 {
				warmUp(sc.on(mono), monolith.url)
				warmUp(sc.on(s), gw.url)
			}
			before := cpuTicks(cpus[0].pids)
			var m *vegeta.Metrics
			err := profile("monolith", []profiled{{"gateway", monolith.metricsAddr}}, func() (err error) {
				m, err = sc.on(mono).attack(openAttacker(), monolith.url, rateOf(sc.rate), o.duration)
				return err
			})
			if err != nil {
				return fmt.Errorf("monolith %s: %w", sc.name, err)
			}
			cpus[0].ticks += cpuTicks(cpus[0].pids) - before
			monoRequests += m.Requests
			monoP50 = append(monoP50, m.Latencies.P50)
			start := make([]uint64, len(cpus)-1)
			for i, c := range cpus[1:] {
				start[i] = cpuTicks(c.pids)
			}
			err = profile("split", []profiled{{"gateway", gw.metricsAddr}, {"orders-service", orders.metricsAddr}}, func() (err error) {
				m, err = sc.on(s).attack(openAttacker(), gw.url, rateOf(sc.rate), o.duration)
				return err
			})
			if err != nil {
				return fmt.Errorf("split %s: %w", sc.name, err)
			}
			for i, c := range cpus[1:] {
				c.ticks += cpuTicks(c.pids) - start[i]
			}
			splitRequests += m.Requests
			p50, p95 = append(p50, m.Latencies.P50), append(p95, m.Latencies.P95)
			added = append(added, m.Latencies.P50-monoP50[len(monoP50)-1])
		}
		fmt.Printf("%-26s %5d/s %*s %*s %*s %*s\n", sc.name, sc.rate, w, joinDurations(monoP50), w, joinDurations(p50),
			w, joinDurations(p95), w, joinDurations(added))
		// USER_HZ is 100 on Linux: a tick is 10ms of CPU.
		fmt.Printf("%-26s CPU ms/request:", "")
		for i, c := range cpus {
			n := splitRequests
			if i == 0 {
				n = monoRequests
			}
			fmt.Printf(" %s %.3f;", c.name, float64(c.ticks)*10/float64(max(n, 1)))
		}
		fmt.Println()
	}
	return paidOverNATS(gw.url, s)
}

// splitScenarios are the write and the read measured through both topologies.
func splitScenarios(writeRate int) []shopScenario {
	return []shopScenario{
		{scenario: scenario{name: "POST /api/v1/orders", method: "POST", path: "/api/v1/orders", rate: writeRate}, write: true},
		{scenario: scenario{name: "GET /api/v1/orders/{id}", method: "GET", rate: 4 * writeRate}},
	}
}

// shopScenario is a scenario whose token, body and path come from a shop, so that the same
// request can be sent to either topology with that topology's own shop.
type shopScenario struct {
	scenario
	write bool // place an order of the shop's product; else read the shop's order
}

// label names the scenario in a file name.
func (sc shopScenario) label() string {
	if sc.write {
		return "write"
	}
	return "read"
}

// on returns the request for shop s.
func (sc shopScenario) on(s shop) scenario {
	sc.token = s.token
	if sc.write {
		sc.body = []byte(fmt.Sprintf(`{"items":[{"product_id":%q,"quantity":2}]}`, s.productID))
	} else {
		sc.path = "/api/v1/orders/" + s.orderID
	}
	return sc.scenario
}

// paidOverNATS pays orders one after another and times each from the payment's answer to the
// first read that shows the order paid: the event's trip through the outbox, NATS and the
// orders subscriber, plus at most one 2 ms polling step.
func paidOverNATS(base string, s shop) error {
	const samples = 100
	var took []time.Duration
	for i := range samples {
		body, err := call(base, http.MethodPost, "/api/v1/orders", s.token, map[string]any{
			"items": []map[string]any{{"product_id": s.productID, "quantity": 1}}}, http.StatusCreated)
		if err != nil {
			return err
		}
		orderID, err := field(body, "id")
		if err != nil {
			return err
		}
		if _, err := callWithKey(base, http.MethodPost, "/api/v1/payments", s.token, fmt.Sprintf("bench-%d-%d", i, time.Now().UnixNano()),
			map[string]any{"order_id": orderID, "payment_method": map[string]any{"type": "card", "token": "tok_visa"}}, http.StatusCreated); err != nil {
			return err
		}
		paidAt := time.Now()
		for {
			body, err := call(base, http.MethodGet, "/api/v1/orders/"+orderID, s.token, nil, http.StatusOK)
			if err != nil {
				return err
			}
			if status, _ := field(body, "status"); status == "paid" {
				took = append(took, time.Since(paidAt))
				break
			}
			if time.Since(paidAt) > 10*time.Second {
				return fmt.Errorf("order %s not paid 10s after its payment", orderID)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	slices.Sort(took)
	fmt.Printf("payment answered → order paid, over NATS (%d payments): p50 %s, p95 %s\n", samples,
		round(took[samples/2]), round(took[samples*95/100]))
	return nil
}
