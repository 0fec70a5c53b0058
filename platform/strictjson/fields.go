package strictjson

import (
	"reflect"
	"sync"

	"github.com/modmono/platform/internal/jsonfields"
)

// jsonField is one JSON member a struct accepts, under its exact (case-sensitive) name.
type jsonField struct {
	typ reflect.Type
	// quoted fields (the ",string" option) hold their value inside a JSON string; their type
	// check is left to encoding/json.
	quoted bool
}

var fieldCache sync.Map // reflect.Type -> map[string]jsonField

// structFields lists the members encoding/json would fill in t, by its rules (jsonfields.Of).
func structFields(t reflect.Type) map[string]jsonField {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]jsonField)
	}
	fields, _ := jsonfields.Of(t)
	out := make(map[string]jsonField, len(fields))
	for _, f := range fields {
		out[f.Name] = jsonField{typ: f.Type, quoted: f.String}
	}
	fieldCache.Store(t, out)
	return out
}
