package main

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"time"
)

// split starts the Stage 4+5 topology (three services on their own databases, events over NATS,
// the gateway in front), measures the same write and read through it and, round after round
// alternating with it, through the monolith at monoBase, and how long a payment takes to turn
// its order `paid` over NATS.
func split(ctx context.Context, o options, monoBase string, mono shop) error {
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
	orders, err := startProcess(filepath.Join(bin, "orders-service"), append(broker, "DATABASE_URL="+dbs[1], "AUTH_URL="+auth.url)...)
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
	gw, err := startProcess(o.binary, "DATABASE_URL=sqlite:"+filepath.Join(o.tempDir, "bench-split-gateway.db"),
		"AUTH_URL="+auth.url, "ORDERS_URL="+orders.url, "PAYMENTS_URL="+payments.url)
	if err != nil {
		return err
	}
	defer gw.stop()

	s, err := prepareShop(gw.url)
	if err != nil {
		return err
	}
	if err := mono.signIn(monoBase); err != nil { // its tokens may be older than their lifetime
		return err
	}
	fmt.Printf("\nsplit topology (gateway → service → its database; NATS between services), against the monolith")
	if o.repeat > 1 {
		fmt.Printf(" (%d rounds, each measured right after the monolith)", o.repeat)
	}
	fmt.Println(":")
	w := cellWidth(o.repeat)
	fmt.Printf("%-26s %6s %*s %*s %*s %*s\n", "endpoint", "rate", w, "monolith p50", w, "split p50", w, "split p95", w, "added p50")
	for _, sc := range splitScenarios() {
		var monoP50, p50, p95, added []time.Duration
		for range o.repeat {
			m, err := sc.on(mono).attack(openAttacker(), monoBase, rateOf(sc.rate), o.duration)
			if err != nil {
				return fmt.Errorf("monolith %s: %w", sc.name, err)
			}
			monoP50 = append(monoP50, m.Latencies.P50)
			if m, err = sc.on(s).attack(openAttacker(), gw.url, rateOf(sc.rate), o.duration); err != nil {
				return fmt.Errorf("split %s: %w", sc.name, err)
			}
			p50, p95 = append(p50, m.Latencies.P50), append(p95, m.Latencies.P95)
			added = append(added, m.Latencies.P50-monoP50[len(monoP50)-1])
		}
		fmt.Printf("%-26s %5d/s %*s %*s %*s %*s\n", sc.name, sc.rate, w, joinDurations(monoP50), w, joinDurations(p50),
			w, joinDurations(p95), w, joinDurations(added))
	}
	return paidOverNATS(gw.url, s)
}

// splitScenarios are the write and the read measured through both topologies.
func splitScenarios() []shopScenario {
	return []shopScenario{
		{scenario: scenario{name: "POST /api/v1/orders", method: "POST", path: "/api/v1/orders", rate: 500}, write: true},
		{scenario: scenario{name: "GET /api/v1/orders/{id}", method: "GET", rate: 2000}},
	}
}

// shopScenario is a scenario whose token, body and path come from a shop, so that the same
// request can be sent to either topology with that topology's own shop.
type shopScenario struct {
	scenario
	write bool // place an order of the shop's product; else read the shop's order
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
