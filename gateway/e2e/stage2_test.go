package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestStage2ThroughHAProxy runs three gateways on one PostgreSQL database behind the real load
// balancer: the acceptance flows and the admin panel with every request on another replica,
// the state that must be shared, and a rolling restart under traffic that drops nothing.
func TestStage2ThroughHAProxy(t *testing.T) {
	t.Parallel()
	// Recovery runs often, on every replica, so that the periodic-job test races them.
	s := startStage2(t, 3, "PAYMENTS_RECOVER_INTERVAL=200ms")
	api := newClient(t, s.URL)
	served := observe(t, s.URL)

	t.Run("auth and shop flows, each request on the next replica", func(t *testing.T) {
		served.take()
		runAuthFlow(t, s.URL)
		roundRobin(t, "auth flow", served.take(), 3)
		admin := login(t, api, stage2AdminEmail, stage2AdminPassword)
		served.take()
		runShopFlow(t, s.URL, admin)
		roundRobin(t, "shop flow", served.take(), 3)
	})

	t.Run("admin panel: log in, then every page, each on another replica", func(t *testing.T) {
		adminPanelOnEveryReplica(t, s)
	})

	t.Run("login throttle counts across replicas", func(t *testing.T) {
		email := fmt.Sprintf("throttle.%d@example.com", time.Now().UnixNano())
		expect(t, "register", api.do(http.MethodPost, "/api/v1/auth/register",
			map[string]any{"email": email, "password": "a long enough passphrase", "full_name": "T"}), http.StatusCreated, "")
		served.take()
		for i := range 5 {
			expect(t, fmt.Sprintf("wrong password %d", i+1), api.do(http.MethodPost, "/api/v1/auth/login",
				map[string]any{"email": email, "password": "not the passphrase"}), http.StatusUnauthorized, "INVALID_CREDENTIALS")
		}
		roundRobin(t, "failed logins", served.take(), 3)
		expect(t, "sixth attempt, right password, on yet another replica", api.do(http.MethodPost, "/api/v1/auth/login",
			map[string]any{"email": email, "password": "a long enough passphrase"}), http.StatusTooManyRequests, "TOO_MANY_REQUESTS")
	})

	sh := newShopper(t, s.URL, stage2AdminEmail, stage2AdminPassword, "stage2")

	t.Run("an Idempotency-Key retry on another replica is a replay", func(t *testing.T) {
		buyer := sh.buyer.withKey(fmt.Sprintf("replay-%d", time.Now().UnixNano()))
		body := map[string]any{"items": []map[string]any{{"product_id": sh.product, "quantity": 2}}}
		first := buyer.do(http.MethodPost, "/api/v1/orders", body)
		expect(t, "place", first, http.StatusCreated, "")
		again := buyer.do(http.MethodPost, "/api/v1/orders", body)
		if again.Status != http.StatusCreated || string(again.Body) != string(first.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("retry = %d %s (Idempotent-Replayed %q), want the first answer replayed", again.Status, again.Body, again.Header.Get("Idempotent-Replayed"))
		}
		if a, b := first.Header.Get("X-Served-By"), again.Header.Get("X-Served-By"); a == b || a == "" {
			t.Fatalf("both answers came from %q and %q: the retry did not land on another replica", a, b)
		}
	})

	t.Run("three replicas relay one outbox: each event reaches its subscriber once", func(t *testing.T) {
		var emails []string
		for i := range 12 {
			email := fmt.Sprintf("relay.%d.%d@example.com", i, time.Now().UnixNano())
			expect(t, "register", api.do(http.MethodPost, "/api/v1/auth/register",
				map[string]any{"email": email, "password": "a long enough passphrase", "full_name": "R"}), http.StatusCreated, "")
			emails = append(emails, email)
		}
		// Each registration's event makes one welcome mail; a second delivery would make two.
		deadline := time.Now().Add(15 * time.Second)
		for missing := emails; len(missing) > 0; missing = mailsMissing(t, s.mailDir, emails) {
			if time.Now().After(deadline) {
				t.Fatalf("no welcome mail after 15s for %v", missing)
			}
			time.Sleep(100 * time.Millisecond)
		}
		time.Sleep(time.Second) // time for a duplicate delivery to show
		for _, email := range emails {
			if n := mailsTo(t, s.mailDir, email); n != 1 {
				t.Errorf("%s received %d welcome mails, want exactly 1", email, n)
			}
		}
	})

	t.Run("periodic payment recovery on every replica settles a stuck payment once", func(t *testing.T) {
		recoveredOnce(t, s, sh)
	})

	t.Run("rolling restart under traffic: no failed request, every acknowledged order once", func(t *testing.T) {
		rollingRestart(t, s, sh)
	})
}

// roundRobin checks that consecutive requests of one client were served by different replicas,
// all of them in turn.
func roundRobin(t *testing.T, what string, names []string, replicas int) {
	t.Helper()
	seen := map[string]bool{}
	for i, n := range names {
		if n == "" {
			t.Fatalf("%s: response %d names no replica (X-Served-By)", what, i+1)
		}
		if i > 0 && n == names[i-1] {
			t.Fatalf("%s: requests %d and %d were both served by %s: %v", what, i, i+1, n, names)
		}
		seen[n] = true
	}
	if len(seen) != replicas {
		t.Fatalf("%s: served by %d replicas, want all %d: %v", what, len(seen), replicas, names)
	}
}

func mailFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	var contents []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		contents = append(contents, string(b))
	}
	return contents
}

func mailsTo(t *testing.T, dir, email string) int {
	n := 0
	for _, m := range mailFiles(t, dir) {
		if strings.Contains(m, email) {
			n++
		}
	}
	return n
}

func mailsMissing(t *testing.T, dir string, emails []string) []string {
	var missing []string
	for _, e := range emails {
		if mailsTo(t, dir, e) == 0 {
			missing = append(missing, e)
		}
	}
	return missing
}

// adminPanelOnEveryReplica signs in to the panel and opens every page, each request landing on
// another replica: the session cookie is valid on all of them.
func adminPanelOnEveryReplica(t *testing.T, s *stage2) {
	sh := newShopper(t, s.URL, stage2AdminEmail, stage2AdminPassword, "stage2")
	r := sh.buyer.do(http.MethodPost, "/api/v1/orders", map[string]any{"items": []map[string]any{{"product_id": sh.product, "quantity": 1}}})
	expect(t, "place", r, http.StatusCreated, "")
	var o order
	r.json(t, &o)
	r = sh.buyer.withKey("panel-"+o.ID).do(http.MethodPost, "/api/v1/payments", map[string]any{
		"order_id": o.ID, "payment_method": map[string]any{"type": "card", "token": "tok_visa"}})
	expect(t, "pay", r, http.StatusCreated, "")
	var p payment
	r.json(t, &p)

	browser := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var cookie *http.Cookie // Secure, so a cookie jar would not send it over http: kept by hand
	var names []string
	visit := func(method, path string, form url.Values) *http.Response {
		t.Helper()
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, err := http.NewRequest(method, s.URL+path, body)
		if err != nil {
			t.Fatal(err)
		}
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		if cookie != nil {
			req.AddCookie(cookie)
		}
		resp, err := browser.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		for _, c := range resp.Cookies() {
			if c.MaxAge >= 0 && c.Value != "" {
				cookie = c
			}
		}
		names = append(names, resp.Header.Get("X-Served-By"))
		return resp
	}
	resp := visit(http.MethodPost, "/admin/login", url.Values{"email": {stage2AdminEmail}, "password": {stage2AdminPassword}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin" || cookie == nil {
		t.Fatalf("panel login = %d to %q (cookie %v), want 303 to /admin with a session", resp.StatusCode, resp.Header.Get("Location"), cookie != nil)
	}
	for _, page := range []string{"/admin", "/admin/users", "/admin/products", "/admin/products/" + sh.product,
		"/admin/orders", "/admin/orders/" + o.ID, "/admin/payments", "/admin/payments/" + p.ID, "/admin/events"} {
		if resp := visit(http.MethodGet, page, nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("%s on %s = %d (Location %q), want 200: the session must hold on every replica",
				page, names[len(names)-1], resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	roundRobin(t, "admin panel", names, 3)
}

// recoveredOnce leaves a payment processing, as a replica that died mid-charge would, and lets
// every replica's recovery loop race for it: it is settled once, with one event.
func recoveredOnce(t *testing.T, s *stage2, sh *shopper) {
	r := sh.buyer.do(http.MethodPost, "/api/v1/orders", map[string]any{"items": []map[string]any{{"product_id": sh.product, "quantity": 1}}})
	expect(t, "place", r, http.StatusCreated, "")
	var o order
	r.json(t, &o)
	var me struct{ ID string }
	sh.buyer.do(http.MethodGet, "/api/v1/auth/me", nil).json(t, &me)

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, s.databaseURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var paymentID string
	err = conn.QueryRow(ctx, `INSERT INTO payments.payments
		(id, order_id, customer_id, amount, currency, status, card_token, idempotency_key, version, created_at, updated_at)
		VALUES (gen_random_uuid(), $1, $2, $3, $4, 'processing', 'tok_visa', 'stuck', 1, now() - interval '1 hour', now() - interval '1 hour')
		RETURNING id::text`, o.ID, me.ID, o.Total.Amount, o.Total.Currency).Scan(&paymentID)
	if err != nil {
		t.Fatalf("leave a payment processing: %v", err)
	}
	sh.settled([]string{o.ID}, 15*time.Second)
	time.Sleep(time.Second) // several more runs of every replica's loop
	var events int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM payments.outbox WHERE type = 'payments.payment_succeeded' AND aggregate_id = $1`,
		paymentID).Scan(&events); err != nil {
		t.Fatal(err)
	}
	if events != 1 {
		t.Fatalf("the recovered payment produced %d payment_succeeded events, want exactly 1", events)
	}
}

// traffic is steady reads and writes from several clients; it records every order acknowledged
// with 201 and every request that failed.
type traffic struct {
	stop     chan struct{}
	wg       sync.WaitGroup
	mu       sync.Mutex
	acked    map[string]bool
	failures []string
}

func startTraffic(sh *shopper, clients int) *traffic {
	tr := &traffic{stop: make(chan struct{}), acked: map[string]bool{}}
	body := map[string]any{"items": []map[string]any{{"product_id": sh.product, "quantity": 1}}}
	for range clients {
		tr.wg.Go(func() {
			for {
				select {
				case <-tr.stop:
					return
				default:
				}
				r, err := sh.buyer.try(http.MethodPost, "/api/v1/orders", body)
				var o order
				if err == nil && r.Status == http.StatusCreated && json.Unmarshal(r.Body, &o) == nil {
					tr.mu.Lock()
					tr.acked[o.ID] = true
					tr.mu.Unlock()
					r, err = sh.buyer.try(http.MethodGet, "/api/v1/orders/"+o.ID, nil)
					if err == nil && r.Status == http.StatusOK {
						continue
					}
				}
				tr.fail(r, err)
			}
		})
	}
	return tr
}

func (tr *traffic) fail(r response, err error) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if err != nil {
		tr.failures = append(tr.failures, err.Error())
	} else {
		tr.failures = append(tr.failures, fmt.Sprintf("%d %s (%s)", r.Status, r.Body, r.Header.Get("X-Served-By")))
	}
}

func (tr *traffic) end() {
	close(tr.stop)
	tr.wg.Wait()
}

// ordersOf lists every order the shopper's buyer has.
func ordersOf(t *testing.T, sh *shopper) map[string]int {
	t.Helper()
	seen := map[string]int{}
	cursor := ""
	for {
		path := "/api/v1/orders?limit=100"
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		r := sh.buyer.do(http.MethodGet, path, nil)
		expect(t, "list orders", r, http.StatusOK, "")
		var page struct {
			Items      []order `json:"items"`
			NextCursor *string `json:"next_cursor"`
		}
		r.json(t, &page)
		for _, o := range page.Items {
			seen[o.ID]++
		}
		if page.NextCursor == nil {
			return seen
		}
		cursor = *page.NextCursor
	}
}

func rollingRestart(t *testing.T, s *stage2, sh *shopper) {
	before := ordersOf(t, sh)
	tr := startTraffic(sh, 3)
	for i := range s.replicas {
		time.Sleep(300 * time.Millisecond)
		if err := s.replicas[i].stop(t); err != nil {
			t.Errorf("%s exit after SIGTERM: %v, want status 0", s.name(i), err)
		}
		s.restart(t, i)
	}
	time.Sleep(300 * time.Millisecond)
	tr.end()
	if len(tr.failures) > 0 {
		t.Errorf("%d requests failed during the rolling restart, want none; first: %v", len(tr.failures), tr.failures[0])
	}
	if len(tr.acked) == 0 {
		t.Fatal("no order was acknowledged during the rolling restart: the test proved nothing")
	}
	after := ordersOf(t, sh)
	for id := range tr.acked {
		if after[id] != 1 {
			t.Errorf("acknowledged order %s is listed %d times, want once", id, after[id])
		}
	}
	for id := range after {
		if !tr.acked[id] && before[id] == 0 {
			t.Errorf("order %s exists but was never acknowledged", id)
		}
	}
	t.Logf("%d orders acknowledged across the rolling restart of %d replicas", len(tr.acked), len(s.replicas))
}

// TestStage2SIGKILLLosesNoAcknowledgedWrite kills one replica of three under traffic: clients
// that retry a failed POST with the same Idempotency-Key end with exactly one order and one
// payment each, and nothing acknowledged is lost.
func TestStage2SIGKILLLosesNoAcknowledgedWrite(t *testing.T) {
	t.Parallel()
	s := startStage2(t, 3)
	sh := newShopper(t, s.URL, stage2AdminEmail, stage2AdminPassword, "stage2")
	var mu sync.Mutex
	var paid []string
	var failures []string
	keys := 0
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := range 3 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				key := fmt.Sprintf("kill-%d-%d-%d", c, i, time.Now().UnixNano())
				mu.Lock()
				keys++
				mu.Unlock()
				var o order
				r, err := retried(sh.buyer.withKey("order-"+key), "/api/v1/orders",
					map[string]any{"items": []map[string]any{{"product_id": sh.product, "quantity": 1}}})
				if err == nil {
					err = json.Unmarshal(r.Body, &o)
				}
				if err == nil {
					_, err = retried(sh.buyer.withKey("pay-"+key), "/api/v1/payments",
						map[string]any{"order_id": o.ID, "payment_method": map[string]any{"type": "card", "token": "tok_visa"}})
				}
				mu.Lock()
				if err != nil {
					failures = append(failures, err.Error())
				} else {
					paid = append(paid, o.ID)
				}
				mu.Unlock()
			}
		})
	}
	time.Sleep(time.Second)
	victim := s.replicas[1]
	if err := victim.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := <-victim.done
	victim.done <- killed // for the cleanup
	time.Sleep(500 * time.Millisecond)
	s.restart(t, 1)
	time.Sleep(500 * time.Millisecond)
	close(stop)
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d clients gave up despite retrying with their key: %v", len(failures), failures)
	}
	if len(paid) == 0 {
		t.Fatal("nothing was paid around the kill: the test proved nothing")
	}
	orders := ordersOf(t, sh)
	if len(orders) != keys {
		t.Errorf("%d orders for %d order keys, want exactly one order per key", len(orders), keys)
	}
	sh.settled(paid, 30*time.Second) // each paid, with exactly one succeeded payment
}

// retried POSTs body with the client's Idempotency-Key until it is answered 201, retrying, as
// a careful client does, a lost connection, a 5xx and a 409 while the first attempt is in
// flight (its lease runs out when its replica died).
func retried(c *client, path string, body any) (response, error) {
	deadline := time.Now().Add(30 * time.Second)
	for {
		r, err := c.try(http.MethodPost, path, body)
		switch {
		case err == nil && r.Status == http.StatusCreated:
			return r, nil
		case err == nil && r.Status < 500 && !(r.Status == http.StatusConflict && strings.Contains(string(r.Body), "IDEMPOTENCY_KEY_IN_USE")):
			return r, fmt.Errorf("POST %s: %d %s", path, r.Status, r.Body)
		case time.Now().After(deadline):
			return r, fmt.Errorf("POST %s: still failing after 30s (last: %d %s): %w", path, r.Status, r.Body, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
