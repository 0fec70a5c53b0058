package subscribers_test

import (
	"context"
	"testing"

	"github.com/modmono/platform/ids"
)

// FuzzOrderCancelledPayload: whatever payload another context sends, the handler never panics,
// and it asks for a refund only of a payload that decoded.
func FuzzOrderCancelledPayload(f *testing.F) {
	for _, s := range []string{
		`{"order_id":"` + ids.New() + `","refund_required":true,"payment_id":"x","total":{"amount":1,"currency":"EUR"}}`,
		`{"refund_required":"yes"}`, `null`, `[]`, `{"total":{"amount":1e400}}`, "{\"order_id\":\"\xff\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		b, rec := subscribed(t)
		e := cancelled(t, 1, map[string]any{})
		e.Payload = payload
		err := b.Publish(context.Background(), e)
		if err != nil && len(rec.calls) != 0 {
			t.Fatalf("a payload that failed to decode (%v) still asked for a refund", err)
		}
	})
}
