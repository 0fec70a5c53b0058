package openapi

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/modmono/platform/page"
)

type (
	scalars struct {
		B      bool           `json:"b"`
		I      int            `json:"i"`
		I32    int32          `json:"i32"`
		U      uint           `json:"u"`
		F      float64        `json:"f"`
		S      string         `json:"s"`
		T      time.Time      `json:"t"`
		Raw    []byte         `json:"raw"`
		Any    any            `json:"any"`
		M      map[string]int `json:"m"`
		L      []string       `json:"l"`
		Q      int            `json:"q,string"`
		Opt    string         `json:"opt,omitempty"`
		Z      time.Time      `json:"z,omitzero"`
		Skip   string         `json:"-"`
		NoTag  string
		hidden string // unexported: not a member
	}
	pointers struct {
		Name  *string    `json:"name"`
		Opt   *int       `json:"opt,omitempty"`
		Child *child     `json:"child"`
		When  *time.Time `json:"when,omitempty"`
		Kids  *[]child   `json:"kids"`
	}
	child struct {
		N int `json:"n"`
	}
	Base struct {
		ID   string `json:"id"`
		Kind string `json:"kind"`
	}
	embeds struct {
		Base
		Kind string `json:"kind"` // shallower: wins over Base.Kind
		Own  string `json:"own"`
	}
	node struct {
		Next *node `json:"next"`
	}
	selfMarshaling struct{}
)

var _ = scalars{hidden: ""}

func (selfMarshaling) MarshalJSON() ([]byte, error) { return []byte(`"x"`), nil }

func TestBodySchemas(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		body any
		dir  direction
		want map[string]string // component name → schema; "" is the body's own schema
	}{
		{"scalars, omitempty and omitzero as optional", scalars{}, response, map[string]string{
			"": `{"$ref":"#/components/schemas/scalars"}`,
			"scalars": `{"type":"object","properties":{"b":{"type":"boolean"},"i":{"type":"integer","format":"int64"},` +
				`"i32":{"type":"integer","format":"int32"},"u":{"type":"integer","minimum":0},"f":{"type":"number","format":"double"},` +
				`"s":{"type":"string"},"t":{"type":"string","format":"date-time"},"raw":{"type":"string","contentEncoding":"base64"},` +
				`"any":{},"m":{"type":"object","additionalProperties":{"type":"integer","format":"int64"}},` +
				`"l":{"type":"array","items":{"type":"string"}},"q":{"type":"string"},"opt":{"type":"string"},` +
				`"z":{"type":"string","format":"date-time"},"NoTag":{"type":"string"}},` +
				`"required":["b","i","i32","u","f","s","t","raw","any","m","l","q","NoTag"]}`,
		}},
		{"response pointers are required and nullable", pointers{}, response, map[string]string{
			"pointers": `{"type":"object","properties":{"name":{"type":["string","null"]},"opt":{"type":["integer","null"],"format":"int64"},` +
				`"child":{"anyOf":[{"$ref":"#/components/schemas/child"},{"type":"null"}]},` +
				`"when":{"type":["string","null"],"format":"date-time"},"kids":{"type":["array","null"],"items":{"$ref":"#/components/schemas/child"}}},` +
				`"required":["name","child","kids"]}`,
			"child": `{"type":"object","properties":{"n":{"type":"integer","format":"int64"}},"required":["n"]}`,
		}},
		{"request objects are closed; required pointers refuse null, optional ones take it", pointers{}, request, map[string]string{
			"pointers": `{"type":"object","properties":{"name":{"type":"string"},"opt":{"type":["integer","null"],"format":"int64"},` +
				`"child":{"$ref":"#/components/schemas/child"},"when":{"type":["string","null"],"format":"date-time"},` +
				`"kids":{"type":"array","items":{"$ref":"#/components/schemas/child"}}},` +
				`"required":["name","child","kids"],"additionalProperties":false}`,
			"child": `{"type":"object","properties":{"n":{"type":"integer","format":"int64"}},"required":["n"],"additionalProperties":false}`,
		}},
		{"embedded fields are promoted, the shallower name wins", embeds{}, response, map[string]string{
			"embeds": `{"type":"object","properties":{"id":{"type":"string"},"kind":{"type":"string"},"own":{"type":"string"}},"required":["id","kind","own"]}`,
		}},
		{"recursive types refer to themselves", node{}, response, map[string]string{
			"node": `{"type":"object","properties":{"next":{"anyOf":[{"$ref":"#/components/schemas/node"},{"type":"null"}]}},"required":["next"]}`,
		}},
		{"generic types are spelled out", page.Page[child]{}, response, map[string]string{
			"PageOfchild": `{"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/child"}},` +
				`"next_cursor":{"type":["string","null"]}},"required":["items","next_cursor"]}`,
		}},
		{"a pointer body is its pointee", &child{}, request, map[string]string{
			"": `{"$ref":"#/components/schemas/child"}`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newReflector()
			s, err := r.body(tc.body, tc.dir)
			if err != nil {
				t.Fatal(err)
			}
			schemas, err := nameComponents(r.order)
			if err != nil {
				t.Fatal(err)
			}
			s.walk(resolveRef)
			for _, c := range schemas {
				c.walk(resolveRef)
			}
			for name, want := range tc.want {
				got := s
				if name != "" {
					if got = schemas[name]; got == nil {
						t.Fatalf("no component %q among %v", name, keys(schemas))
					}
				}
				if b := mustJSON(t, got); b != want {
					t.Errorf("schema %q:\n got %s\nwant %s", name, b, want)
				}
			}
		})
	}
}

func TestBodiesWithoutAJSONShapeAreRefused(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]any{
		"a channel":                       struct{ C chan int }{},
		"a function":                      struct{ F func() }{},
		"a type with its own MarshalJSON": struct{ S selfMarshaling }{},
		"a map keyed by structs":          map[child]int{},
	} {
		if _, err := newReflector().body(body, response); err == nil {
			t.Errorf("%s: no error, want one", name)
		}
	}
}

// The same type in requests and responses reads differently, so it gets two components; two
// types of one name get their module's, then their package's name.
func TestComponentNamesAreUniqueAndStable(t *testing.T) {
	t.Parallel()
	r := newReflector()
	for _, b := range []struct {
		v   any
		dir direction
	}{{child{}, response}, {child{}, request}, {Problem{}, response}, {theProblemBody(), response}} {
		if _, err := r.body(b.v, b.dir); err != nil {
			t.Fatal(err)
		}
	}
	schemas, err := nameComponents(r.order)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(keysSorted(schemas), " ")
	want := "FieldError child childInput github.com_modmono_platform_openapi.Problem github.com_modmono_platform_problem.Problem"
	if got != want {
		t.Errorf("components %q, want %q", got, want)
	}
}

// Problem has the name of problem.Problem, in another package of the same module.
type Problem struct {
	Other string `json:"other"`
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
