package strictjson

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/modmono/platform/errs"
)

type fuzzItem struct {
	ProductID string `json:"product_id"`
	Quantity  int16  `json:"quantity"`
}

type fuzzTarget struct {
	Audit
	Items  []fuzzItem          `json:"items"`
	Price  *money              `json:"price"`
	Active *bool               `json:"active"`
	Ratio  float64             `json:"ratio"`
	Meta   map[string]uint8    `json:"meta"`
	Any    any                 `json:"any"`
	When   *time.Time          `json:"when"`
	Grid   [2][]int            `json:"grid"`
	ByKey  map[string]fuzzItem `json:"by_key"`
}

// FuzzDecode: the strict decoder never panics, never blames the server for a client's body, and
// accepts only what encoding/json accepts, decoding it to the very same value, in which
// encoding/json replaced nothing with U+FFFD (a lone surrogate escape, for one, is refused).
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"items":[{"product_id":"p","quantity":2}],"price":{"amount":1,"currency":"EUR"}}`,
		`{"Items":[]}`, `{"items":[{"quantity":"1"}]}`, `{"items":null,"items":[]}`, `{"meta":{"a":256}}`,
		`{"any":{"x":[1,{"y":null}]},"when":"2026-01-01T00:00:00Z","grid":[[1],[2],[3]]}`,
		`{"by_key":{"a":{"Quantity":1}}}`, `{"created_by":"x","ratio":1e308}`, "{\"a\":\"\xff\"}", `[]`, `{}x`, ``,
		`{"created_by":"\ud800"}`, `{"created_by":"\udc00"}`, `{"created_by":"\ud83dx"}`, `{"created_by":"\ud83d\ude00"}`,
		`{"any":{"\uDBFF":"\\ud800"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var got fuzzTarget
		err := Decode(raw, &got)
		var want fuzzTarget
		stdErr := json.Unmarshal(raw, &want)
		if err != nil {
			if k := errs.KindOf(err); k != errs.KindInvalid && k != errs.KindMalformed {
				t.Fatalf("Decode(%q) = %v: kind %v, want a client error", raw, err, k)
			}
			return
		}
		if stdErr != nil {
			t.Fatalf("Decode accepted %q, which encoding/json rejects: %v", raw, stdErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Decode(%q) = %+v, encoding/json gives %+v", raw, got, want)
		}
		if replaced(raw) {
			t.Fatalf("Decode accepted %q, in which encoding/json puts a U+FFFD the body did not hold", raw)
		}
	})
}

// replaced reports whether decoding raw yields a U+FFFD that raw neither holds nor escapes, so
// that encoding/json must have made it up for something invalid.
func replaced(raw []byte) bool {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return false
	}
	b, _ := json.Marshal(v) // a string holding U+FFFD keeps it as is
	lower := bytes.ToLower(raw)
	return bytes.ContainsRune(b, utf8.RuneError) && !bytes.ContainsRune(raw, utf8.RuneError) && !bytes.Contains(lower, []byte("fffd"))
}
