package openapi

import (
	"encoding"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"time"
)

// direction says which side of the wire a schema describes; the same Go type reads differently
// on each (see field).
type direction int

const (
	// response bodies are what encoding/json writes.
	response direction = iota
	// request bodies are what httpx.Bind accepts: closed objects, and pointers only mark the
	// members whose absence the handler can tell from a zero value.
	request
)

// component is one named struct schema; its name is chosen once every body has been reflected
// (see name.go), so that two types of the same name can still be told apart.
type component struct {
	typ    reflect.Type
	dir    direction
	name   string
	schema *Schema
}

type compKey struct {
	typ reflect.Type
	dir direction
}

// reflector turns Go types into schemas, named struct types into shared components.
type reflector struct {
	components map[compKey]*component
	order      []*component
}

func newReflector() *reflector { return &reflector{components: map[compKey]*component{}} }

var (
	timeType          = reflect.TypeFor[time.Time]()
	rawMessageType    = reflect.TypeFor[json.RawMessage]()
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// body is the schema of a request or response body given as a value of its type.
func (r *reflector) body(v any, dir direction) (*Schema, error) {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return r.schema(t, dir)
}

func (r *reflector) schema(t reflect.Type, dir direction) (*Schema, error) {
	if t.Kind() == reflect.Pointer {
		// Nullability is the member's business (see object); the value is the pointee's.
		return r.schema(t.Elem(), dir)
	}
	switch {
	case t == timeType:
		return &Schema{Type: Types{"string"}, Format: "date-time"}, nil
	case t == rawMessageType:
		return &Schema{}, nil // any JSON value
	case implements(t, jsonMarshalerType):
		return nil, fmt.Errorf("%s marshals itself, so its JSON shape cannot be derived", t)
	case implements(t, textMarshalerType):
		return &Schema{Type: Types{"string"}}, nil
	}
	switch t.Kind() {
	case reflect.Bool:
		return &Schema{Type: Types{"boolean"}}, nil
	case reflect.Int, reflect.Int64:
		return &Schema{Type: Types{"integer"}, Format: "int64"}, nil
	case reflect.Int8, reflect.Int16, reflect.Int32:
		return &Schema{Type: Types{"integer"}, Format: "int32"}, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return &Schema{Type: Types{"integer"}, Minimum: ptr(int64(0))}, nil
	case reflect.Float32:
		return &Schema{Type: Types{"number"}, Format: "float"}, nil
	case reflect.Float64:
		return &Schema{Type: Types{"number"}, Format: "double"}, nil
	case reflect.String:
		return &Schema{Type: Types{"string"}}, nil
	case reflect.Interface:
		return &Schema{}, nil
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 && !implements(t.Elem(), textMarshalerType) {
			return &Schema{Type: Types{"string"}, ContentEncoding: "base64"}, nil
		}
		items, err := r.schema(t.Elem(), dir)
		if err != nil {
			return nil, err
		}
		return &Schema{Type: Types{"array"}, Items: items}, nil
	case reflect.Map:
		return r.mapSchema(t, dir)
	case reflect.Struct:
		if t.Name() == "" {
			return r.object(t, dir)
		}
		return r.ref(t, dir)
	}
	return nil, fmt.Errorf("%s (%s) has no JSON form", t, t.Kind())
}

func (r *reflector) mapSchema(t reflect.Type, dir direction) (*Schema, error) {
	switch k := t.Key(); {
	case k.Kind() == reflect.String, implements(k, textMarshalerType):
	case k.Kind() >= reflect.Int && k.Kind() <= reflect.Uintptr:
	default:
		return nil, fmt.Errorf("%s: map keys of type %s have no JSON form", t, k)
	}
	values, err := r.schema(t.Elem(), dir)
	if err != nil {
		return nil, err
	}
	return &Schema{Type: Types{"object"}, AdditionalProperties: values}, nil
}

// ref registers t's component before reflecting its fields, so recursive types terminate.
func (r *reflector) ref(t reflect.Type, dir direction) (*Schema, error) {
	k := compKey{t, dir}
	c, ok := r.components[k]
	if !ok {
		c = &component{typ: t, dir: dir}
		r.components[k] = c
		r.order = append(r.order, c)
		s, err := r.object(t, dir)
		if err != nil {
			return nil, err
		}
		c.schema = s
	}
	return &Schema{component: c}, nil
}

// object is a struct's schema. Optional members are those that may be missing: omitempty or
// omitzero ones. Nullable ones are pointers that encoding/json writes as null, and, in a
// request, optional pointers, whose null the handler reads as "absent"; a required pointer of
// a request is there to detect absence, and the handler refuses its null as missing.
func (r *reflector) object(t reflect.Type, dir direction) (*Schema, error) {
	fields, err := jsonFields(t)
	if err != nil {
		return nil, err
	}
	s := &Schema{Type: Types{"object"}, Properties: Properties{}}
	if dir == request {
		s.AdditionalProperties = false
	}
	rules := bodyRules(t)
	for _, f := range fields {
		fs, err := r.schema(f.typ, dir)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t, f.goName, err)
		}
		if f.asString {
			fs = &Schema{Type: Types{"string"}}
		}
		isPtr := f.typ.Kind() == reflect.Pointer
		if isPtr && (dir == response || f.optional) {
			fs = nullable(fs)
		}
		if rule, ok := rules[f.name]; ok {
			if err := applyRule(fs, rule); err != nil {
				return nil, fmt.Errorf("%s: the rule of %q: %w", t, f.name, err)
			}
			delete(rules, f.name)
		}
		if !f.optional {
			s.Required = append(s.Required, f.name)
		}
		s.Properties = append(s.Properties, Property{Name: f.name, Schema: fs})
	}
	if len(rules) > 0 {
		return nil, fmt.Errorf("%s states rules for %q, which it has no members of", t, slices.Sorted(maps.Keys(rules)))
	}
	return s, nil
}

// nullable lets s also be null.
func nullable(s *Schema) *Schema {
	switch {
	case s.component != nil || s.Ref != "":
		return &Schema{AnyOf: []*Schema{s, {Type: Types{"null"}}}}
	case len(s.Type) == 0:
		return s // any value, null included
	}
	s.Type = append(s.Type, "null")
	return s
}

func implements(t, iface reflect.Type) bool {
	return t.Implements(iface) || reflect.PointerTo(t).Implements(iface)
}

func ptr[T any](v T) *T { return &v }
