package openapi

import (
	"fmt"
	"reflect"

	"github.com/modmono/platform/internal/jsonfields"
)

// jsonField is one member of a struct's JSON object.
type jsonField struct {
	name, goName string
	typ          reflect.Type
	optional     bool // omitempty or omitzero: the member may be missing
	asString     bool // the ",string" option, on a type encoding/json applies it to
}

// jsonFields lists t's members as encoding/json sees them (jsonfields.Of); a struct that embeds
// itself has no schema.
func jsonFields(t reflect.Type) ([]jsonField, error) {
	fields, embedsItself := jsonfields.Of(t)
	if embedsItself {
		return nil, fmt.Errorf("%s embeds itself", t)
	}
	out := make([]jsonField, len(fields))
	for i, f := range fields {
		out[i] = jsonField{name: f.Name, goName: f.GoName, typ: f.Type, optional: f.OmitEmpty, asString: f.String && isScalar(f.Type)}
	}
	return out, nil
}

// isScalar reports whether the ",string" option applies to t (encoding/json ignores it else).
func isScalar(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}
