package gateway_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

const (
	adminEmail, adminPassword = "root@example.com", "bootstrap admin passphrase"
	goodPassword              = "correct horse battery staple"
)

// kin-openapi, an OpenAPI 3.1 validator written elsewhere, stands between a client and the
// gateway: it reads the served document and judges a table of requests. Every request the
// server refuses with 422 for a reason a schema can say, the document must refuse too, so that
// a client can check before sending; every valid request of the contract must pass it, and the
// server must take it. One app serves every case; it reads its configuration from the process
// environment, hence no t.Parallel.
func TestTheDocumentRefusesWhatTheServerRefuses(t *testing.T) {
	srv := startInProcess(t, "BOOTSTRAP_ADMIN_EMAIL="+adminEmail, "BOOTSTRAP_ADMIN_PASSWORD="+adminPassword, "RATE_LIMITS=off")
	api := &apiClient{t: t, base: "http://" + srv.Addr().String()}
	check := newDocumentValidator(t, api.base, fetch(t, api.base+"/openapi.json"))

	admin := api.login(adminEmail, adminPassword)
	customer := api.call("", "POST", "/api/v1/auth/register", `{"email":"buyer@example.com","password":"`+goodPassword+`","full_name":"Ann Buyer"}`, 201)["id"]
	buyer := api.login("buyer@example.com", goodPassword)
	product := api.call(admin, "POST", "/api/v1/products", `{"sku":"SPOON-1","name":"Spoon","price":{"amount":1999,"currency":"EUR"}}`, 201)["id"]
	paid := api.call(buyer, "POST", "/api/v1/orders", `{"items":[{"product_id":"`+product+`","quantity":1}]}`, 201)["id"]
	pending := api.call(buyer, "POST", "/api/v1/orders", `{"items":[{"product_id":"`+product+`","quantity":3}]}`, 201)["id"]
	payment := api.call(buyer, "POST", "/api/v1/payments", `{"order_id":"`+paid+`","payment_method":{"type":"card","token":"tok_visa"}}`, 201)["id"]
	ids := strings.NewReplacer("{customer}", customer, "{product}", product, "{pending}", pending, "{payment}", payment)

	long := func(n int) string { return strings.Repeat("x", n) }
	items := func(n int) string {
		return `{"items":[` + strings.TrimSuffix(strings.Repeat(`{"product_id":"{product}","quantity":1},`, n), ",") + `]}`
	}
	for _, tc := range []struct {
		name, token, method, path, body string
		status                          int
	}{
		// Refused by the server (422) for a reason the document states.
		{"an address that is no email", "", "POST", "/api/v1/auth/register", `{"email":"not-an-email","password":"` + goodPassword + `","full_name":"A"}`, 422},
		{"an address over 254 characters", "", "POST", "/api/v1/auth/register", `{"email":"` + long(243) + `@example.com","password":"` + goodPassword + `","full_name":"A"}`, 422},
		{"a password under 12 characters", "", "POST", "/api/v1/auth/register", `{"email":"a@example.com","password":"short","full_name":"A"}`, 422},
		{"a password over 128 characters", "", "POST", "/api/v1/auth/register", `{"email":"a@example.com","password":"` + long(129) + `","full_name":"A"}`, 422},
		{"a blank full name", "", "POST", "/api/v1/auth/register", `{"email":"a@example.com","password":"` + goodPassword + `","full_name":"   "}`, 422},
		{"a full name with a control character", "{buyer}", "PATCH", "/api/v1/auth/me", `{"full_name":"Ann\u0007Lee"}`, 422},
		{"a full name over 200 characters", "{buyer}", "PATCH", "/api/v1/auth/me", `{"full_name":"` + long(201) + `"}`, 422},
		{"a new password under 12 characters", "{buyer}", "POST", "/api/v1/auth/password", `{"current_password":"` + goodPassword + `","new_password":"short"}`, 422},
		{"a reset for no email", "", "POST", "/api/v1/auth/password-reset", `{"email":"nobody"}`, 422},
		{"a reset to a short password", "", "POST", "/api/v1/auth/password-reset/confirm", `{"token":"t","new_password":"short"}`, 422},
		{"an unknown role", "{admin}", "PATCH", "/api/v1/users/{customer}", `{"roles":["superuser"]}`, 422},
		{"an unknown member", "{admin}", "PATCH", "/api/v1/users/{customer}", `{"disabled":false,"email":"x@example.com"}`, 422},
		{"an empty sku", "{admin}", "POST", "/api/v1/products", `{"sku":"","name":"Fork","price":{"amount":1,"currency":"EUR"}}`, 422},
		{"a sku with a space", "{admin}", "POST", "/api/v1/products", `{"sku":"FORK 1","name":"Fork","price":{"amount":1,"currency":"EUR"}}`, 422},
		{"a sku over 64 characters", "{admin}", "POST", "/api/v1/products", `{"sku":"` + long(65) + `","name":"Fork","price":{"amount":1,"currency":"EUR"}}`, 422},
		{"a blank product name", "{admin}", "POST", "/api/v1/products", `{"sku":"FORK-1","name":" ","price":{"amount":1,"currency":"EUR"}}`, 422},
		{"a product name over 200 characters", "{admin}", "PATCH", "/api/v1/products/{product}", `{"name":"` + long(201) + `"}`, 422},
		{"a zero price", "{admin}", "POST", "/api/v1/products", `{"sku":"FORK-1","name":"Fork","price":{"amount":0,"currency":"EUR"}}`, 422},
		{"a negative price", "{admin}", "PATCH", "/api/v1/products/{product}", `{"price":{"amount":-1,"currency":"EUR"}}`, 422},
		{"a price over the cap", "{admin}", "POST", "/api/v1/products", `{"sku":"FORK-1","name":"Fork","price":{"amount":1000000000001,"currency":"EUR"}}`, 422},
		{"a currency that is no ISO 4217 code", "{admin}", "POST", "/api/v1/products", `{"sku":"FORK-1","name":"Fork","price":{"amount":1,"currency":"EURO"}}`, 422},
		{"a lower-case currency", "{admin}", "PATCH", "/api/v1/products/{product}", `{"price":{"amount":1,"currency":"eur"}}`, 422},
		{"a withdrawn currency", "{admin}", "POST", "/api/v1/products", `{"sku":"FORK-1","name":"Fork","price":{"amount":1,"currency":"HRK"}}`, 422},
		{"an order without items", "{buyer}", "POST", "/api/v1/orders", `{"items":[]}`, 422},
		{"an order of 51 items", "{buyer}", "POST", "/api/v1/orders", items(51), 422},
		{"a zero quantity", "{buyer}", "POST", "/api/v1/orders", `{"items":[{"product_id":"{product}","quantity":0}]}`, 422},
		{"a quantity over 1000", "{buyer}", "POST", "/api/v1/orders", `{"items":[{"product_id":"{product}","quantity":1001}]}`, 422},
		{"a product id that is no UUID", "{buyer}", "POST", "/api/v1/orders", `{"items":[{"product_id":"spoon","quantity":1}]}`, 422},
		{"an order status that is none", "{buyer}", "GET", "/api/v1/orders?status=shipped", "", 422},
		{"a page of no items", "{buyer}", "GET", "/api/v1/orders?limit=0", "", 422},
		{"a page over 100 items", "", "GET", "/api/v1/products?limit=101", "", 422},
		{"a payment method that is no card", "{buyer}", "POST", "/api/v1/payments", `{"order_id":"{pending}","payment_method":{"type":"paypal","token":"tok_visa"}}`, 422},
		{"an empty card token", "{buyer}", "POST", "/api/v1/payments", `{"order_id":"{pending}","payment_method":{"type":"card","token":""}}`, 422},
		{"a card token over 255 characters", "{buyer}", "POST", "/api/v1/payments", `{"order_id":"{pending}","payment_method":{"type":"card","token":"` + long(256) + `"}}`, 422},
		{"a zero refund", "{admin}", "POST", "/api/v1/payments/{payment}/refunds", `{"amount":{"amount":0,"currency":"EUR"}}`, 422},
		{"a negative refund", "{admin}", "POST", "/api/v1/payments/{payment}/refunds", `{"amount":{"amount":-100,"currency":"EUR"}}`, 422},
		{"a refund in no currency", "{admin}", "POST", "/api/v1/payments/{payment}/refunds", `{"amount":{"amount":100,"currency":"XYZ"}}`, 422},
		{"a refund reason with a control character", "{admin}", "POST", "/api/v1/payments/{payment}/refunds", `{"reason":"bad\u0000reason"}`, 422},
		{"a refund reason over 500 characters", "{admin}", "POST", "/api/v1/payments/{payment}/refunds", `{"reason":"` + long(501) + `"}`, 422},

		// Valid requests of the contract: the document lets them through and the server takes them.
		{"a registration", "", "POST", "/api/v1/auth/register", `{"email":"New.Person@example.com","password":"` + goodPassword + `","full_name":"Zoë O'Neil"}`, 201},
		{"a new full name", "{buyer}", "PATCH", "/api/v1/auth/me", `{"full_name":"Ann Lee-Buyer"}`, 200},
		{"a product", "{admin}", "POST", "/api/v1/products", `{"sku":"fork_2.b-X","name":"Fork","price":{"amount":1,"currency":"JPY"},"active":false}`, 201},
		{"a product change", "{admin}", "PATCH", "/api/v1/products/{product}", `{"name":"Spoon, silver","price":{"amount":1000000000000,"currency":"EUR"},"active":true}`, 200},
		{"an order", "{buyer}", "POST", "/api/v1/orders", `{"items":[{"product_id":"{product}","quantity":1000}]}`, 201},
		{"a payment", "{buyer}", "POST", "/api/v1/payments", `{"order_id":"{pending}","payment_method":{"type":"card","token":"tok_visa"}}`, 201},
		{"a partial refund", "{admin}", "POST", "/api/v1/payments/{payment}/refunds", `{"amount":{"amount":1,"currency":"EUR"},"reason":"Scratched,\n\tsent back"}`, 201},
		{"a refund of the rest", "{admin}", "POST", "/api/v1/payments/{payment}/refunds", `{}`, 201},
		{"a page of orders by status", "{buyer}", "GET", "/api/v1/orders?status=pending&limit=100", "", 200},
		{"a password reset", "", "POST", "/api/v1/auth/password-reset", `{"email":"buyer@example.com"}`, 202},
		{"an admin's change of a user", "{admin}", "PATCH", "/api/v1/users/{customer}", `{"roles":["customer","customer"],"disabled":false,"full_name":"Ann B."}`, 200},
		{"a new password", "{buyer}", "POST", "/api/v1/auth/password", `{"current_password":"` + goodPassword + `","new_password":"` + long(128) + `"}`, 204},
	} {
		t.Run(tc.name, func(t *testing.T) {
			token := strings.NewReplacer("{admin}", admin, "{buyer}", buyer).Replace(tc.token)
			path, body := ids.Replace(tc.path), ids.Replace(tc.body)
			docErr := check(tc.method, path, token, body)
			status, answer := api.send(token, tc.method, path, body)
			if status != tc.status {
				t.Fatalf("%s %s %s: the server answers %d %s, want %d", tc.method, path, body, status, answer, tc.status)
			}
			switch {
			case status == http.StatusUnprocessableEntity && docErr == nil:
				t.Errorf("%s %s %s: the server refuses it (%s), the document lets it through", tc.method, path, body, answer)
			case status < 300 && docErr != nil:
				t.Errorf("%s %s %s: the server takes it, the document refuses it: %v", tc.method, path, body, docErr)
			}
		})
	}

	// A lone surrogate escape is invalid text: refused like invalid UTF-8, never replaced.
	for _, text := range []string{`\ud800`, `\udc00`, `\ud83dx`} {
		status, answer := api.send(buyer, "PATCH", "/api/v1/auth/me", `{"full_name":"Ann`+text+`"}`)
		if status != http.StatusBadRequest || !strings.Contains(answer, `"MALFORMED_JSON"`) {
			t.Errorf("a full name with %s: %d %s, want 400 MALFORMED_JSON", text, status, answer)
		}
	}
}

// newDocumentValidator loads the served document into kin-openapi, which must find it a valid
// OpenAPI 3.1 document, and returns a check of one request against it. The document's server
// is "/", the one that serves it: a client resolves it against the document's URL, as here.
// Formats are asserted with kin-openapi's own patterns (JSON Schema leaves them optional).
func newDocumentValidator(t *testing.T, base string, raw []byte) func(method, path, token, body string) error {
	t.Helper()
	ctx := context.Background()
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatalf("kin-openapi cannot load the document: %v", err)
	}
	if err := doc.Validate(ctx); err != nil {
		t.Fatalf("kin-openapi finds the document invalid: %v", err)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "/" {
		t.Fatalf("servers %v, want the one serving the document", doc.Servers)
	}
	doc.Servers[0].URL = base
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	options := &openapi3filter.Options{
		AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		SchemaValidationOptions: []openapi3.SchemaValidationOption{
			openapi3.WithStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail)),
			openapi3.WithStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562)),
		},
	}
	keys := 0
	return func(method, path, token, body string) error {
		req := newRequest(t, base, method, path, token, body)
		keys++
		req.Header.Set("Idempotency-Key", "validator-"+strconv.Itoa(keys))
		var route *routers.Route
		route, params, err := router.FindRoute(req)
		if err != nil {
			t.Fatalf("%s %s is not in the document: %v", method, path, err)
		}
		return openapi3filter.ValidateRequest(ctx, &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route, Options: options,
		})
	}
}

// apiClient calls the server under test.
type apiClient struct {
	t    *testing.T
	base string
	keys int
}

func newRequest(t *testing.T, base, method, path, token, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, base+path, bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req
}

// send makes one request with a fresh Idempotency-Key and returns the status and body.
func (c *apiClient) send(token, method, path, body string) (int, string) {
	c.t.Helper()
	req := newRequest(c.t, c.base, method, path, token, body)
	c.keys++
	req.Header.Set("Idempotency-Key", "client-"+strconv.Itoa(c.keys))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// call sends a request that must answer status and returns the answer's string members.
func (c *apiClient) call(token, method, path, body string, status int) map[string]string {
	c.t.Helper()
	got, answer := c.send(token, method, path, body)
	if got != status {
		c.t.Fatalf("%s %s: %d %s, want %d", method, path, got, answer, status)
	}
	var members map[string]any
	_ = json.Unmarshal([]byte(answer), &members)
	out := map[string]string{}
	for k, v := range members {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}

func (c *apiClient) login(email, password string) string {
	c.t.Helper()
	return c.call("", "POST", "/api/v1/auth/login", `{"email":"`+email+`","password":"`+password+`"}`, 200)["access_token"]
}
