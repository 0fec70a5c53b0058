package httpapi_test

import (
	"testing"

	"github.com/modmono/platform/ids"
)

// fuzzBody sends arbitrary bytes as the JSON body of one route, each under a fresh
// Idempotency-Key: whatever arrives, the answer is a 2xx or a 4xx, never a 5xx. setup signs in
// whoever the route needs and names the path.
func fuzzBody(f *testing.F, setup func(a *api) (path string, who user), seeds ...string) {
	a := newAPI(f)
	path, who := setup(a)
	for _, s := range append(seeds, "", "{}", "null", "[]", `{"a":1}`, "{\"x\":\"\xff\"}", `{} {}`) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		w := a.send("POST", path, who, ids.New(), "application/json", string(body))
		if w.Code >= 500 {
			t.Fatalf("POST %s with %q: %d %s", path, body, w.Code, w.Body)
		}
	})
}

func FuzzPayOrderBody(f *testing.F) {
	fuzzBody(f, func(a *api) (string, user) { return "/api/v1/payments", a.customer(f) },
		payBody(ids.New(), "tok_visa"),
		`{"order_id":"`+ids.New()+`","payment_method":{"type":"card","token":"tok_visa","amount":1}}`,
		`{"order_id":1,"payment_method":[]}`, `{"payment_method":{"type":null,"token":null}}`)
}

func FuzzRefundBody(f *testing.F) {
	fuzzBody(f, func(a *api) (string, user) {
		p := a.pay(f, a.customer(f), "tok_visa")
		return "/api/v1/payments/" + p.ID + "/refunds", a.admin(f)
	}, `{"amount":{"amount":1,"currency":"EUR"},"reason":"r"}`, `{"amount":{"amount":9223372036854775807,"currency":"EUR"}}`,
		`{"amount":{"amount":-9223372036854775808,"currency":"EUR"}}`, `{"amount":null,"reason":null}`, `{"amount":{}}`)
}
