package e2e_test

import (
	"fmt"
	"net/http"
	"sync"
	"syscall"
	"testing"
	"time"
)

// shopper places and pays orders through the gateway for the fault tests.
type shopper struct {
	t       *testing.T
	admin   *client
	buyer   *client
	product string
}

// newShopper signs in as the admin at base, puts a product on sale (its SKU starting with
// prefix) and registers a customer to buy it.
func newShopper(t *testing.T, base, adminEmail, adminPassword, prefix string) *shopper {
	t.Helper()
	api := newClient(t, base)
	sh := &shopper{t: t, admin: api.withToken(login(t, api, adminEmail, adminPassword))}
	r := sh.admin.do(http.MethodPost, "/api/v1/products", map[string]any{
		"sku": fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano()), "name": "Shopper's product", "price": money{Amount: 500, Currency: "EUR"}})
	expect(t, "create product", r, http.StatusCreated, "")
	var p struct{ ID string }
	r.json(t, &p)
	sh.product = p.ID
	sh.buyer = api.withToken(customer(t, api, prefix))
	return sh
}

// placeAndPay returns the order id, and whether the payment was acknowledged (201).
func (sh *shopper) placeAndPay(key string) (string, bool) {
	r := sh.buyer.do(http.MethodPost, "/api/v1/orders", map[string]any{"items": []map[string]any{{"product_id": sh.product, "quantity": 1}}})
	if r.Status != http.StatusCreated {
		return "", false
	}
	var o order
	r.json(sh.t, &o)
	r = sh.buyer.withKey(key).do(http.MethodPost, "/api/v1/payments", map[string]any{
		"order_id": o.ID, "payment_method": map[string]any{"type": "card", "token": "tok_visa"}})
	return o.ID, r.Status == http.StatusCreated
}

// settled waits until every order is paid and has exactly one succeeded payment.
func (sh *shopper) settled(orderIDs []string, within time.Duration) {
	sh.t.Helper()
	deadline := time.Now().Add(within)
	for _, id := range orderIDs {
		for {
			var o order
			r := sh.buyer.do(http.MethodGet, "/api/v1/orders/"+id, nil)
			expect(sh.t, "get order", r, http.StatusOK, "")
			r.json(sh.t, &o)
			if o.Status == "paid" {
				break
			}
			if time.Now().After(deadline) {
				sh.t.Fatalf("order %s is %q after %s, want paid", id, o.Status, within)
			}
			time.Sleep(100 * time.Millisecond)
		}
		var list struct{ Items []payment }
		r := sh.buyer.do(http.MethodGet, "/api/v1/payments?order_id="+id, nil)
		expect(sh.t, "list payments", r, http.StatusOK, "")
		r.json(sh.t, &list)
		succeeded := 0
		for _, p := range list.Items {
			if p.Status == "succeeded" {
				succeeded++
			}
		}
		if succeeded != 1 {
			sh.t.Fatalf("order %s has %d succeeded payments, want exactly 1: %+v", id, succeeded, list.Items)
		}
	}
}

// TestSplitTopologySurvivesFaults: a callee that is down, a broker outage, and a service killed
// during traffic; the API keeps its promises through each.
func TestSplitTopologySurvivesFaults(t *testing.T) {
	t.Parallel()
	s := startSplit(t)
	sh := newShopper(t, s.gateway.URL, splitAdminEmail, splitAdminPassword, "fault")
	// Processes started again live as long as the whole test, not the subtest that restarted them.
	whole := t

	t.Run("orders-service down: payments answers 503 at once, then recovers", func(t *testing.T) {
		r := sh.buyer.do(http.MethodPost, "/api/v1/orders", map[string]any{"items": []map[string]any{{"product_id": sh.product, "quantity": 1}}})
		expect(t, "place", r, http.StatusCreated, "")
		var o order
		r.json(t, &o)
		if err := s.orders.stop(t); err != nil {
			t.Fatalf("stop orders-service: %v", err)
		}
		pay := sh.buyer.withKey("down-" + o.ID)
		body := map[string]any{"order_id": o.ID, "payment_method": map[string]any{"type": "card", "token": "tok_visa"}}
		began := time.Now()
		r = pay.do(http.MethodPost, "/api/v1/payments", body)
		expect(t, "pay while orders is down", r, http.StatusServiceUnavailable, "SERVICE_UNAVAILABLE")
		if r.Header.Get("Retry-After") == "" {
			t.Error("503 without Retry-After")
		}
		// Not a speed target: the answer must not wait for the client's whole timeout budget.
		if took := time.Since(began); took > 3*time.Second {
			t.Errorf("503 took %s; a refused connection must not wait for the timeout budget", took)
		}
		s.orders = s.restart(whole, "orders", s.orders)
		expect(t, "pay once orders is back", pay.do(http.MethodPost, "/api/v1/payments", body), http.StatusCreated, "")
		sh.settled([]string{o.ID}, 10*time.Second)
	})

	t.Run("NATS cut off for 10s: the API keeps answering and no event is lost or applied twice", func(t *testing.T) {
		s.nats.Stop()
		var ids []string
		for i := range 5 {
			id, ok := sh.placeAndPay(fmt.Sprintf("nats-%d-%d", i, time.Now().UnixNano()))
			if !ok {
				t.Fatalf("order %d was not placed and paid while NATS was away", i)
			}
			ids = append(ids, id)
		}
		time.Sleep(10 * time.Second)
		s.nats.Start(whole)
		sh.settled(ids, 60*time.Second)
	})

	t.Run("payments-service killed during traffic: no acknowledged write is lost, nothing charged twice", func(t *testing.T) {
		var mu sync.Mutex
		var acknowledged []string
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if id, ok := sh.placeAndPay(fmt.Sprintf("kill-%d-%d", i, time.Now().UnixNano())); ok {
					mu.Lock()
					acknowledged = append(acknowledged, id)
					mu.Unlock()
				}
			}
		})
		time.Sleep(time.Second)
		if err := s.payments.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		killed := <-s.payments.done
		s.payments.done <- killed // leave the exit for the cleanup to collect
		time.Sleep(500 * time.Millisecond)
		s.payments = s.restart(whole, "payments", s.payments)
		time.Sleep(time.Second)
		close(stop)
		wg.Wait()
		if len(acknowledged) == 0 {
			t.Fatal("no payment was acknowledged around the kill; the test proved nothing")
		}
		sh.settled(acknowledged, 30*time.Second)
	})
}
