package jsonfields_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/modmono/platform/internal/jsonfields"
)

type (
	Base struct {
		ID   string `json:"id"`
		Kind string
	}
	other struct {
		Kind   string `json:"kind"`
		Hidden string `json:"-"`
	}
	inner  struct{ Shared string }
	inner2 struct{ Shared string }
	// promoted: embedded fields are promoted; Kind (depth 1, untagged in Base) and kind (tagged
	// in other) are distinct names; the own field shadows the embedded one.
	promoted struct {
		Base
		*other
		ID  string `json:"id"`
		Own string `json:"own,omitempty"`
		n   int
	}
	// ambiguous: two embedded structs promote Shared at one depth, so encoding/json drops it.
	ambiguous struct {
		inner
		inner2
		Total int `json:"total,string"`
	}
	// taggedEmbedded: a tagged embedded struct is one member, unexported or not.
	taggedEmbedded struct {
		other `json:"meta"`
		Base  `json:"base,omitzero"`
	}
	selfish struct {
		*selfish
		A int
	}
)

func names(fields []jsonfields.Field) []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.Name)
	}
	slices.Sort(out)
	return out
}

// written is the member names encoding/json writes for v.
func written(t *testing.T, v any) []string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestOfAgreesWithEncodingJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		value any // with every member set, so omitempty drops none
	}{
		{"promotion and shadowing", promoted{Base: Base{ID: "b", Kind: "k"}, other: &other{Kind: "o"}, ID: "p", Own: "x", n: 1}},
		{"a name two embedded structs share is dropped", ambiguous{Total: 1}},
		{"tagged embedded structs are members", taggedEmbedded{other: other{Kind: "o"}, Base: Base{ID: "b"}}},
		{"a struct that embeds itself is expanded once", selfish{selfish: &selfish{A: 2}, A: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, _ := jsonfields.Of(reflect.TypeOf(tt.value))
			if want := written(t, tt.value); !slices.Equal(names(got), want) {
				t.Fatalf("Of lists %q; encoding/json writes %q", names(got), want)
			}
		})
	}
}

func TestOfReadsTheOptionsAndReportsSelfEmbedding(t *testing.T) {
	t.Parallel()
	fields, selfEmbedding := jsonfields.Of(reflect.TypeOf(promoted{}))
	byName := map[string]jsonfields.Field{}
	for _, f := range fields {
		byName[f.Name] = f
	}
	if own := byName["own"]; !own.OmitEmpty || own.GoName != "Own" || own.Type.Kind() != reflect.String || selfEmbedding {
		t.Fatalf("own = %+v (self-embedding %v); want omitempty, Go name Own, a string", own, selfEmbedding)
	}
	if id := byName["id"]; id.OmitEmpty || id.String {
		t.Fatalf("id = %+v; want neither option", id)
	}
	fields, _ = jsonfields.Of(reflect.TypeOf(ambiguous{}))
	if len(fields) != 1 || !fields[0].String {
		t.Fatalf("ambiguous: %+v; want total alone, with the string option", fields)
	}
	if base := mustFind(t, reflect.TypeOf(taggedEmbedded{}), "base"); !base.OmitEmpty {
		t.Fatalf("base = %+v; want omitzero read as may be missing", base)
	}
	if _, selfEmbedding := jsonfields.Of(reflect.TypeOf(selfish{})); !selfEmbedding {
		t.Fatal("selfish embeds itself; Of did not say so")
	}
}

func mustFind(t *testing.T, typ reflect.Type, name string) jsonfields.Field {
	t.Helper()
	fields, _ := jsonfields.Of(typ)
	for _, f := range fields {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("%s has no member %q", typ, name)
	return jsonfields.Field{}
}
