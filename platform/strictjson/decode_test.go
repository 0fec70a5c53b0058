package strictjson

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/modmono/platform/errs"
)

type money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

type Audit struct {
	CreatedBy string `json:"created_by"`
}

type strictTarget struct {
	Audit                               // promoted: created_by
	Name     string                     `json:"name"`
	Price    *money                     `json:"price"`
	Tags     []string                   `json:"tags"`
	Grid     [][]int8                   `json:"grid"`
	Meta     map[string]int             `json:"meta"`
	Any      any                        `json:"any"`
	When     time.Time                  `json:"when"`
	Blob     []byte                     `json:"blob"`
	Count    uint16                     `json:"count"`
	Ratio    float32                    `json:"ratio"`
	Active   *bool                      `json:"active"`
	Quoted   int                        `json:"quoted,string"`
	Raw      json.RawMessage            `json:"raw"`
	Untagged string                     // JSON name "Untagged"
	Hidden   string                     `json:"-"`
	private  string                     //nolint:unused // unexported: never a JSON member
	Nested   map[string][]money         `json:"nested"`
	Num      json.Number                `json:"num"`
	Ptrs     []*money                   `json:"ptrs"`
	Deep     *struct{ X *money }        `json:"deep"`
	Dict     map[string]struct{ A int } `json:"dict"`
}

func TestDecodeStrictAcceptsWhatTheTypeDescribes(t *testing.T) {
	t.Parallel()
	body := `{"created_by":"me","name":"n","price":{"amount":1999,"currency":"EUR"},"tags":["a"],
		"grid":[[1,-2],[127]],"meta":{"a":1},"any":{"Whatever":[1,"x",null]},"when":"2026-01-02T03:04:05Z",
		"blob":"aGk=","count":65535,"ratio":1.5,"active":false,"quoted":"12","raw":{"X":1},"Untagged":"u",
		"nested":{"k":[{"amount":1,"currency":"USD"}]},"num":1e3,"ptrs":[null,{"amount":2,"currency":"EUR"}],
		"deep":{"X":{"amount":3,"currency":"EUR"}},"dict":{"k":{"A":1}},"tags2":null}`
	body = strings.Replace(body, `,"tags2":null`, "", 1)
	var got strictTarget
	if err := Decode([]byte(body), &got); err != nil {
		t.Fatalf("Decode: %v", err)
	}
	var want strictTarget
	if err := json.Unmarshal([]byte(body), &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decoded\n%+v\nwant\n%+v", got, want)
	}
	if got.CreatedBy != "me" || got.Price.Amount != 1999 || got.Deep.X.Amount != 3 {
		t.Fatalf("decoded %+v", got)
	}
}

func TestDecodeStrictReportsEveryOffenceByPath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, body string
		want       []errs.FieldError
	}{
		{"case-mismatched keys", `{"NAME":"x","price":{"Amount":1},"untagged":"u"}`, []errs.FieldError{
			{Field: "NAME", Code: "unknown_field"}, {Field: "price.Amount", Code: "unknown_field"}, {Field: "untagged", Code: "unknown_field"}}},
		{"hidden and unexported fields", `{"Hidden":"x","-":1,"private":"p"}`, []errs.FieldError{
			{Field: "Hidden", Code: "unknown_field"}, {Field: "-", Code: "unknown_field"}, {Field: "private", Code: "unknown_field"}}},
		{"an escaped key is compared unescaped", `{"n\u0041me":"x"}`, []errs.FieldError{{Field: "nAme", Code: "unknown_field"}}},
		{"the embedded struct's own name", `{"Audit":{}}`, []errs.FieldError{{Field: "Audit", Code: "unknown_field"}}},
		{"duplicate keys", `{"name":"a","name":"b"}`, []errs.FieldError{{Field: "name", Code: "duplicate_field"}}},
		{"nested arrays", `{"grid":[[1],[2,"x"]]}`, []errs.FieldError{{Field: "grid[1][1]", Code: "invalid_type"}}},
		{"out of range", `{"grid":[[128]],"count":65536}`, []errs.FieldError{
			{Field: "grid[0][0]", Code: "invalid_type"}, {Field: "count", Code: "invalid_type"}}},
		{"negative into unsigned", `{"count":-1}`, []errs.FieldError{{Field: "count", Code: "invalid_type"}}},
		{"float into int", `{"price":{"amount":19.99}}`, []errs.FieldError{{Field: "price.amount", Code: "invalid_type"}}},
		{"float overflow", `{"ratio":1e39}`, []errs.FieldError{{Field: "ratio", Code: "invalid_type"}}},
		{"object for a string", `{"name":{"a":[1]}}`, []errs.FieldError{{Field: "name", Code: "invalid_type"}}},
		{"array for an object", `{"price":[1]}`, []errs.FieldError{{Field: "price", Code: "invalid_type"}}},
		{"string for a bool", `{"active":"true"}`, []errs.FieldError{{Field: "active", Code: "invalid_type"}}},
		{"map values", `{"meta":{"a":"1"},"nested":{"k":[{"amount":1,"Currency":"x"}]}}`, []errs.FieldError{
			{Field: "meta.a", Code: "invalid_type"}, {Field: "nested.k[0].Currency", Code: "unknown_field"}}},
		{"a bad time", `{"when":"yesterday"}`, []errs.FieldError{{Field: "when", Code: "invalid"}}},
		{"a time of the wrong type", `{"when":5}`, []errs.FieldError{{Field: "when", Code: "invalid"}}},
		{"bad base64", `{"blob":"!!"}`, []errs.FieldError{{Field: "blob", Code: "invalid"}}},
		{"a bad json.Number", `{"num":"abc"}`, []errs.FieldError{{Field: "num", Code: "invalid"}}},
		{"a bool for a json.Number", `{"num":true}`, []errs.FieldError{{Field: "num", Code: "invalid_type"}}},
		{"an object for bytes", `{"blob":{}}`, []errs.FieldError{{Field: "blob", Code: "invalid_type"}}},
		{"an object for a time", `{"when":{}}`, []errs.FieldError{{Field: "when", Code: "invalid"}}},
		{"pointer elements", `{"ptrs":[{"amount":"x"}]}`, []errs.FieldError{{Field: "ptrs[0].amount", Code: "invalid_type"}}},
		{"anonymous struct fields are exact too", `{"deep":{"x":{}},"dict":{"k":{"a":1}}}`, []errs.FieldError{
			{Field: "deep.x", Code: "unknown_field"}, {Field: "dict.k.a", Code: "unknown_field"}}},
		{"the whole body of the wrong type", `[1]`, []errs.FieldError{{Field: "", Code: "invalid_type"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var dst strictTarget
			err := Decode([]byte(tc.body), &dst)
			e, ok := errs.As(err)
			if !ok || e.Kind != errs.KindInvalid || e.Code != errs.CodeValidationFailed {
				t.Fatalf("err = %v, want 422 VALIDATION_FAILED", err)
			}
			var got []errs.FieldError
			for _, f := range e.Fields {
				if f.Message == "" {
					t.Errorf("field error %+v has no message", f)
				}
				got = append(got, errs.FieldError{Field: f.Field, Code: f.Code})
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("fields = %v\nwant     %v", got, tc.want)
			}
		})
	}
}

func TestDecodeStrictMalformedBodies(t *testing.T) {
	t.Parallel()
	for _, body := range []string{"", " ", "null", " null ", "{", `{"name":"a"}}`, `{"name":"a"}[]`, `{"name":"a"} 1`,
		"{\"name\":\"\xc3\x28\"}", "\xef\xbb\xbf{}", `{'name':'a'}`, `{"name":"a",}`, `{"name":"\x01"}`, `{"name":"\ud800"}x`} {
		var dst strictTarget
		err := Decode([]byte(body), &dst)
		if e, ok := errs.As(err); !ok || e.Kind != errs.KindMalformed || e.Code != errs.CodeMalformedJSON {
			t.Errorf("Decode(%q) = %v, want 400 MALFORMED_JSON", body, err)
		}
	}
}

func TestDecodeStrictLeavesQuotedFieldsToEncodingJSON(t *testing.T) {
	t.Parallel()
	var dst strictTarget
	err := Decode([]byte(`{"quoted":"x"}`), &dst)
	if e, ok := errs.As(err); !ok || e.Kind != errs.KindInvalid {
		t.Fatalf("err = %v, want a 422", err)
	}
}

func TestDecodeStrictCapsTheNumberOfFieldErrors(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("{")
	for i := range 1000 {
		fmt.Fprintf(&b, `"f%d":1,`, i)
	}
	b.WriteString(`"name":"x"}`)
	var dst strictTarget
	e, _ := errs.As(Decode([]byte(b.String()), &dst))
	if e == nil || len(e.Fields) != maxFieldErrors {
		t.Fatalf("got %v, want exactly %d field errors", e, maxFieldErrors)
	}
}

func TestDecodeStrictNeedsAPointer(t *testing.T) {
	t.Parallel()
	var dst strictTarget
	for _, target := range []any{dst, (*strictTarget)(nil), nil} {
		if got := errs.KindOf(Decode([]byte(`{}`), target)); got != errs.KindInternal {
			t.Errorf("Decode into %T: kind %v, want internal (a programming error)", target, got)
		}
	}
}

type ambiguousA struct{ Name string }
type ambiguousB struct{ Name string }
type ambiguous struct {
	ambiguousA
	ambiguousB
	Tagged1 `json:"t"`
}
type Tagged1 struct{ X int }

// encoding/json drops a name two embedded structs both promote at the same depth.
func TestDecodeStrictFollowsEncodingJSONOnEmbeddedConflicts(t *testing.T) {
	t.Parallel()
	var dst ambiguous
	e, _ := errs.As(Decode([]byte(`{"Name":"x"}`), &dst))
	if e == nil || len(e.Fields) != 1 || e.Fields[0].Code != "unknown_field" {
		t.Fatalf("got %v, want Name to be unknown", e)
	}
	if err := Decode([]byte(`{"t":{"X":1}}`), &dst); err != nil || dst.X != 1 {
		t.Fatalf("a tagged embedded struct is a plain member: err %v, dst %+v", err, dst)
	}
}
