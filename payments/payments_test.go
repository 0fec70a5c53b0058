package payments_test

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

	orders "github.com/modmono/orders/contract"
	"github.com/modmono/payments"
	"github.com/modmono/payments/contract"
	"github.com/modmono/platform"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/config"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/money"
	"github.com/modmono/platform/outbox"
)

// oneOrder is the orders context of this test: one pending order of one customer.
type oneOrder struct{ order orders.OrderForPayment }

func (o oneOrder) OrderForPayment(_ context.Context, req orders.OrderForPaymentRequest) (orders.OrderForPayment, error) {
	if req.OrderID != o.order.ID || req.CustomerID != o.order.CustomerID {
		return orders.OrderForPayment{}, orders.OrderNotFound()
	}
	return o.order, nil
}

// The module as the gateway wires it: a payment made over HTTP reaches the broker as
// payments.payment_succeeded through the outbox relay, and an order_cancelled event from the
// broker refunds it.
func TestModulePaysPublishesAndRefundsOnCancellation(t *testing.T) {
	t.Parallel()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	base, err := config.LoadFrom[config.Base](map[string]string{
		"HTTP_ADDR": "127.0.0.1:0", "LOG_LEVEL": "error",
		"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "shop.db"),
	})
	if err != nil {
		t.Fatal(err)
	}
	customerID := ids.New()
	order := orders.OrderForPayment{ID: ids.New(), CustomerID: customerID, Status: orders.StatusPending, Total: money.Money{Amount: 4200, Currency: "EUR"}}
	succeeded := make(chan contract.PaymentSucceeded, 1)
	var (
		srv    *platform.Server
		broker outbox.Publisher
	)
	app := fxtest.New(t, platform.Options(base, payments.Module,
		fx.Supply(fx.Annotate(authn.StaticKeys{"k1": pub}, fx.As(new(authn.KeySource)))),
		fx.Supply(fx.Annotate(oneOrder{order: order}, fx.As(new(orders.Orders)))),
		fx.Invoke(func(b outbox.Subscriber) {
			b.Subscribe("test", contract.EventPaymentSucceeded, func(_ context.Context, e outbox.Event) error {
				var p contract.PaymentSucceeded
				if err := json.Unmarshal(e.Payload, &p); err != nil {
					return err
				}
				succeeded <- p
				return nil
			})
		}),
		fx.Populate(&srv, &broker),
	))
	app.RequireStart()
	t.Cleanup(app.RequireStop)
	url := "http://" + srv.Addr().String() + "/api/v1/payments"
	token := sign(t, priv, customerID, base)

	body := `{"order_id":"` + order.ID + `","payment_method":{"type":"card","token":"tok_visa"}}`
	var payment struct {
		ID, Status string
		Amount     money.Money
	}
	call(t, http.MethodPost, url, token, body, http.StatusCreated, &payment)
	if payment.Status != "succeeded" || payment.Amount != order.Total {
		t.Fatalf("payment %+v; want succeeded for %v", payment, order.Total)
	}
	select {
	case got := <-succeeded:
		if got.PaymentID != payment.ID || got.OrderID != order.ID || got.Amount != order.Total {
			t.Fatalf("event %+v; want payment %s of order %s", got, payment.ID, order.ID)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("payments.payment_succeeded did not reach the broker within 2 seconds")
	}

	cancelled, err := outbox.NewEvent(context.Background(), clock.System{}, orders.EventOrderCancelled, orders.EventVersion, order.ID,
		orders.OrderCancelled{OrderID: order.ID, CustomerID: customerID, WasPaid: true, RefundRequired: true, PaymentID: payment.ID, Total: order.Total})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // delivered twice: refunded once
		if err := broker.Publish(context.Background(), cancelled); err != nil {
			t.Fatal(err)
		}
	}
	var after struct {
		Status         string
		RefundedAmount money.Money `json:"refunded_amount"`
	}
	call(t, http.MethodGet, url+"/"+payment.ID, token, "", http.StatusOK, &after)
	if after.Status != "refunded" || after.RefundedAmount != order.Total {
		t.Fatalf("payment after cancellation %+v; want refunded in full", after)
	}
}

func sign(t *testing.T, key ed25519.PrivateKey, userID string, base config.Base) string {
	t.Helper()
	now := time.Now()
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, jwt.MapClaims{
		"iss": base.JWTIssuer, "aud": []string{base.JWTAudience}, "sub": userID, "jti": ids.New(),
		"roles": []string{"customer"}, "iat": now.Unix(), "exp": now.Add(10 * time.Minute).Unix(),
	})
	tok.Header["kid"] = "k1"
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func call(t *testing.T, method, url, token, body string, status int, out any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", ids.New())
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != status {
		t.Fatalf("%s %s: status %d; want %d", method, url, res.StatusCode, status)
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
}
