package strictjson

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/modmono/platform/errs"
)

const maxFieldErrors = 20 // enough to fix a request; bounded so a hostile body cannot bloat the answer

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	numberType          = reflect.TypeFor[json.Number]()
)

// walker streams the tokens of a syntactically valid body alongside the Go type they will
// land in, in one pass.
type walker struct {
	dec    *json.Decoder
	fields []errs.FieldError
}

func (w *walker) add(path, code, message string) {
	if len(w.fields) < maxFieldErrors {
		w.fields = append(w.fields, errs.Field(path, code, message))
	}
}

func (w *walker) value(t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if decidesItself(t) {
		return w.leaf(t, path)
	}
	tok, err := w.dec.Token()
	if err != nil {
		return err
	}
	switch v := tok.(type) {
	case nil:
		return nil // encoding/json leaves the target as it was
	case json.Delim:
		switch {
		case v == '{' && t.Kind() == reflect.Struct:
			fields := structFields(t)
			return w.object(path, func(k string) (jsonField, bool) { f, ok := fields[k]; return f, ok })
		case v == '{' && t.Kind() == reflect.Map:
			return w.object(path, func(string) (jsonField, bool) { return jsonField{typ: t.Elem()}, true })
		case v == '[' && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
			return w.array(t.Elem(), path)
		}
		w.add(path, errs.FieldInvalidType, expected(t))
		return w.skipRest(v)
	case bool:
		if t.Kind() != reflect.Bool {
			w.add(path, errs.FieldInvalidType, expected(t))
		}
	case string:
		if t.Kind() != reflect.String {
			w.add(path, errs.FieldInvalidType, expected(t))
		}
	case json.Number:
		if !numberFits(v, t) {
			w.add(path, errs.FieldInvalidType, expected(t))
		}
	}
	return nil
}

func (w *walker) object(path string, lookup func(string) (jsonField, bool)) error {
	seen := map[string]bool{}
	for w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		p := joinKey(path, key)
		f, known := lookup(key)
		switch {
		case seen[key]:
			w.add(p, "duplicate_field", "appears more than once")
		case !known:
			w.add(p, errs.FieldUnknown, "is not a known field")
		}
		seen[key] = true
		if !known || f.quoted {
			if err := w.skip(); err != nil {
				return err
			}
			continue
		}
		if err := w.value(f.typ, p); err != nil {
			return err
		}
	}
	_, err := w.dec.Token() // '}'
	return err
}

func (w *walker) array(elem reflect.Type, path string) error {
	for i := 0; w.dec.More(); i++ {
		if err := w.value(elem, fmt.Sprintf("%s[%d]", path, i)); err != nil {
			return err
		}
	}
	_, err := w.dec.Token() // ']'
	return err
}
