package orders_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"go.uber.org/fx"
	"go.uber.org/fx/fxtest"

	"github.com/modmono/orders"
	"github.com/modmono/orders/contract"
	payments "github.com/modmono/payments/contract"
	"github.com/modmono/platform"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/config"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
	"github.com/modmono/platform/outbox"
)

// TestModuleServesAndSubscribes starts the module as a main would (platform, keys and a broker
// around it, on a SQLite file) and drives it from outside: HTTP in, payments' event in, the
// contract and the events out.
func TestModuleServesAndSubscribes(t *testing.T) {
	t.Parallel()
	base, err := config.LoadFrom[config.Base](map[string]string{
		"HTTP_ADDR": "127.0.0.1:0", "LOG_LEVEL": "error",
		"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "shop.db"),
	})
	if err != nil {
		t.Fatal(err)
	}
	pub, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var (
		srv    *platform.Server
		ord    contract.Orders
		broker interface {
			outbox.Publisher
			outbox.Subscriber
		}
		publisher  outbox.Publisher
		subscriber outbox.Subscriber
	)
	app := fxtest.New(t, platform.Module(base), orders.Module,
		fx.Supply(fx.Annotate(authn.StaticKeys{"k1": pub}, fx.As(new(authn.KeySource)))),
		fx.Populate(&srv, &ord, &publisher, &subscriber))
	app.RequireStart()
	broker = struct {
		outbox.Publisher
		outbox.Subscriber
	}{publisher, subscriber}
	t.Cleanup(app.RequireStop)
	url := "http://" + srv.Addr().String()
	sign := func(sub string, roles ...string) string {
		tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, jwt.MapClaims{"iss": base.JWTIssuer, "aud": base.JWTAudience,
			"sub": sub, "roles": roles, "iat": time.Now().Unix(), "exp": time.Now().Add(time.Minute).Unix()})
		tok.Header["kid"] = "k1"
		s, _ := tok.SignedString(key)
		return s
	}
	placed := make(chan outbox.Event, 1)
	broker.Subscribe("test", contract.EventOrderPlaced, func(_ context.Context, e outbox.Event) error {
		placed <- e
		return nil
	})
	customer := ids.New()
	var product, order struct{ ID string }
	post(t, url+"/api/v1/products", sign(ids.New(), "admin"), `{"sku":"MUG","name":"Mug","price":{"amount":1250,"currency":"EUR"}}`, &product)
	post(t, url+"/api/v1/orders", sign(customer, "customer"), `{"items":[{"product_id":"`+product.ID+`","quantity":2}]}`, &order)

	select { // the relay delivers what the unit of work announced, well within the contract's 2 s
	case e := <-placed:
		if e.AggregateID != order.ID {
			t.Fatalf("order_placed for %s; want %s", e.AggregateID, order.ID)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no order_placed event reached the broker")
	}

	e, err := outbox.NewEvent(context.Background(), clock.System{}, payments.EventPaymentSucceeded, payments.EventVersion, ids.New(),
		payments.PaymentSucceeded{PaymentID: ids.New(), OrderID: order.ID, CustomerID: customer, Amount: money.Money{Amount: 2500, Currency: "EUR"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := broker.Publish(context.Background(), e); err != nil {
		t.Fatalf("payment_succeeded: %v", err)
	}
	got, err := ord.OrderForPayment(context.Background(), contract.OrderForPaymentRequest{OrderID: order.ID, CustomerID: customer})
	want := contract.OrderForPayment{ID: order.ID, CustomerID: customer, Status: contract.StatusPaid, Total: money.Money{Amount: 2500, Currency: "EUR"}}
	if err != nil || got != want {
		t.Fatalf("OrderForPayment = %+v, %v; want %+v", got, err, want)
	}
}

func post(t *testing.T, url, token, body string, into any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST %s: status %d", url, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		t.Fatal(err)
	}
}
