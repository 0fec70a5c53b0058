package httpapi_test

import (
	"testing"
)

// fuzzBody sends arbitrary bytes as the JSON body of one route: whatever arrives, the answer is
// a 2xx or a 4xx, never a 5xx. setup signs in whoever the route needs, names the path and may
// add seeds that need what it created (a real product id).
func fuzzBody(f *testing.F, method string, setup func(a *api) (path, token string, seeds []string)) {
	a := newAPI(f)
	path, token, seeds := setup(a)
	for _, s := range append(seeds, "", "{}", "null", "[]", `{"a":1}`, "{\"x\":\"\xff\"}", `{} {}`) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		w := a.send(method, path, token, "application/json", string(body))
		if w.Code >= 500 {
			t.Fatalf("%s %s with %q: %d %s", method, path, body, w.Code, w.Body)
		}
	})
}

func FuzzCreateProductBody(f *testing.F) {
	fuzzBody(f, "POST", func(a *api) (string, string, []string) {
		return "/api/v1/products", a.admin(f), []string{
			`{"sku":"A-1","name":"Mug","price":{"amount":1999,"currency":"EUR"},"active":true}`,
			`{"sku":"A-2","name":"Mug","price":{"amount":9223372036854775807,"currency":"BHD"}}`,
		}
	})
}

func FuzzUpdateProductBody(f *testing.F) {
	fuzzBody(f, "PATCH", func(a *api) (string, string, []string) {
		admin := a.admin(f)
		return "/api/v1/products/" + a.product(f, admin, "FUZZ", 100, "EUR").ID, admin, []string{
			`{"name":"New","price":{"amount":5,"currency":"JPY"},"active":false}`, `{"price":{"amount":-1}}`,
		}
	})
}

func FuzzPlaceOrderBody(f *testing.F) {
	fuzzBody(f, "POST", func(a *api) (string, string, []string) {
		id := a.product(f, a.admin(f), "FUZZ", 100, "EUR").ID
		_, token := a.customer(f)
		return "/api/v1/orders", token, []string{
			`{"items":[{"product_id":"` + id + `","quantity":3}]}`,
			`{"items":[{"product_id":"` + id + `","quantity":1},{"product_id":"` + id + `","quantity":1001}]}`,
			`{"items":[{"product_id":"x","quantity":-1},null]}`,
		}
	})
}
