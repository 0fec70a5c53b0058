package admin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/fx"

	"github.com/modmono/admin"
	"github.com/modmono/auth"
	"github.com/modmono/orders"
	"github.com/modmono/payments"
	"github.com/modmono/platform"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/config"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/outbox"
	"github.com/modmono/platform/outbox/outboxtest"
)

const (
	adminEmail    = "root@example.com"
	adminPassword = "admin password for tests"
)

// startGateway runs every context and the panel in process on SQLite, as the gateway does,
// and returns the API's base URL and the directory of its databases. It sets process
// environment, so its tests are not parallel.
func startGateway(t *testing.T) (base, dir string) {
	t.Helper()
	dir = t.TempDir()
	return startGatewayWith(t, dir, map[string]string{
		"JWT_SIGNING_KEY_FILE":    filepath.Join(dir, "jwt.pem"),
		"ADMIN_SESSION_KEYS_FILE": filepath.Join(dir, "admin-session.keys"),
	}), dir
}

// startGatewayWith is startGateway with its databases in dir and env over the defaults.
func startGatewayWith(t *testing.T, dir string, env map[string]string) (base string) {
	t.Helper()
	vars := map[string]string{
		"HTTP_ADDR": "127.0.0.1:0", "DATABASE_URL": "sqlite:" + filepath.Join(dir, "shop.db"), "LOG_LEVEL": "error",
		"MAIL_SINK_DIR":         filepath.Join(dir, "mail"),
		"BOOTSTRAP_ADMIN_EMAIL": adminEmail, "BOOTSTRAP_ADMIN_PASSWORD": adminPassword,
	}
	for k, v := range env {
		vars[k] = v
	}
	for k, v := range vars {
		t.Setenv(k, v)
	}
	cfg, err := config.Load[config.Base]()
	if err != nil {
		t.Fatal(err)
	}
	var srv *platform.Server
	app := fx.New(platform.Options(cfg, auth.Module, orders.Module, payments.Module, admin.Module), fx.Populate(&srv))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := app.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = app.Stop(ctx)
	})
	return "http://" + srv.Addr().String()
}

// parkOrdersEvent parks an event in the orders context's outbox of the gateway whose databases
// are in dir, as its relay would after giving up: a new handle on the same SQLite file, as
// another process would open it.
func parkOrdersEvent(t *testing.T, dir string) outbox.Event {
	t.Helper()
	ctx := context.Background()
	engines, err := db.Open(ctx, db.Config{Context: "orders", URL: "sqlite:" + filepath.Join(dir, "shop.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = engines.Close() }()
	// A type no subscriber handles, so that the retried event is published at once.
	e, err := outbox.NewEvent(ctx, clock.System{}, "orders.test_parked", 1, ids.New(), map[string]string{"note": "parked by the browser test"})
	if err != nil {
		t.Fatal(err)
	}
	outboxtest.AppendParked(t, engines, "payments.on_test_parked: refused three times", e)
	return e
}

// parked lists the ids of the orders context's parked events.
func (a api) parked() []string {
	var p struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	a.call(http.MethodGet, "/api/v1/admin/parked-events/orders", a.login(adminEmail, adminPassword), "", nil, &p)
	out := []string{}
	for _, e := range p.Items {
		out = append(out, e.ID)
	}
	return out
}

// api is a small JSON client for seeding data.
type api struct {
	t    *testing.T
	base string
}

func (a api) call(method, path, token, idem string, body, out any) int {
	a.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, a.base+path, rd)
	if err != nil {
		a.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if idem != "" {
		req.Header.Set("Idempotency-Key", idem)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		a.t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			a.t.Fatal(err)
		}
	}
	return resp.StatusCode
}

func (a api) login(email, password string) string {
	var tp struct {
		AccessToken string `json:"access_token"`
	}
	a.call(http.MethodPost, "/api/v1/auth/login", "", "", map[string]string{"email": email, "password": password}, &tp)
	return tp.AccessToken
}

func (a api) register(email string) string {
	var u struct {
		ID string `json:"id"`
	}
	a.call(http.MethodPost, "/api/v1/auth/register", "", "", map[string]string{"email": email, "password": "customer password 123", "full_name": "Test " + email}, &u)
	return u.ID
}

type fixture struct {
	victimID, pendingOrder, paymentID string
}

// seed makes a customer to disable, and a buyer with one pending order and one paid order.
func (a api) seed() fixture {
	admin := a.login(adminEmail, adminPassword)
	var f fixture
	f.victimID = a.register("victim@example.com")
	a.register("buyer@example.com")
	var prod struct {
		ID string `json:"id"`
	}
	a.call(http.MethodPost, "/api/v1/products", admin, "", map[string]any{"sku": "SEED-1", "name": "Seed mug",
		"price": map[string]any{"amount": 1999, "currency": "EUR"}}, &prod)
	buyer := a.login("buyer@example.com", "customer password 123")
	var order struct {
		ID string `json:"id"`
	}
	items := map[string]any{"items": []map[string]any{{"product_id": prod.ID, "quantity": 2}}}
	a.call(http.MethodPost, "/api/v1/orders", buyer, "", items, &order)
	f.pendingOrder = order.ID
	a.call(http.MethodPost, "/api/v1/orders", buyer, "", items, &order)
	var pay struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	a.call(http.MethodPost, "/api/v1/payments", buyer, "seed-pay-1",
		map[string]any{"order_id": order.ID, "payment_method": map[string]string{"type": "card", "token": "tok_visa"}}, &pay)
	if pay.Status != "succeeded" {
		a.t.Fatalf("seed payment: got status %q", pay.Status)
	}
	f.paymentID = pay.ID
	return f
}

func (a api) userDisabled(id string) bool {
	var u struct {
		Disabled bool `json:"disabled"`
	}
	a.call(http.MethodGet, "/api/v1/users/"+id, a.login(adminEmail, adminPassword), "", nil, &u)
	return u.Disabled
}

func (a api) payment(id string) (status string, refunded int64) {
	var p struct {
		Status         string `json:"status"`
		RefundedAmount struct {
			Amount int64 `json:"amount"`
		} `json:"refunded_amount"`
	}
	a.call(http.MethodGet, "/api/v1/payments/"+id, a.login(adminEmail, adminPassword), "", nil, &p)
	return p.Status, p.RefundedAmount.Amount
}
