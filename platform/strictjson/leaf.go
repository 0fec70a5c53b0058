package strictjson

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"

	"github.com/modmono/platform/errs"
)

// decidesItself reports types whose accepted JSON encoding/json alone knows: custom
// unmarshalers (time.Time, money types), []byte (base64 or an array), json.Number, interfaces.
func decidesItself(t reflect.Type) bool {
	switch {
	case t.Kind() == reflect.Interface, t == numberType:
		return true
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return true
	}
	pt := reflect.PointerTo(t)
	return pt.Implements(unmarshalerType) || pt.Implements(textUnmarshalerType)
}

// leaf checks such a value by letting encoding/json decode it on its own, which also gives the
// error its precise path.
func (w *walker) leaf(t reflect.Type, path string) error {
	var raw json.RawMessage
	if err := w.dec.Decode(&raw); err != nil {
		return err
	}
	if t.Kind() == reflect.Interface || string(raw) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw, reflect.New(t).Interface()); err != nil {
		if kindMismatch(t, err) {
			w.add(path, errs.FieldInvalidType, expected(t))
		} else {
			w.add(path, errs.FieldInvalid, "is not a valid value")
		}
	}
	return nil
}

// kindMismatch reports whether encoding/json refused the value for its JSON kind alone (an
// object where []byte or json.Number goes) rather than for its content (bad base64, a bad number
// literal). Go 1.27's encoding/json reports content errors as an UnmarshalTypeError too, with
// the cause inside, where Go 1.26 returned the cause alone; errors.Unwrap tells them apart on
// both. A type with its own unmarshaler (time.Time) decides what it accepts, so its refusals are
// always about the value, whichever Go decodes it (1.27 decodes time.Time itself).
func kindMismatch(t reflect.Type, err error) bool {
	pt := reflect.PointerTo(t)
	if pt.Implements(unmarshalerType) || pt.Implements(textUnmarshalerType) {
		return false
	}
	var te *json.UnmarshalTypeError
	return errors.As(err, &te) && errors.Unwrap(te) == nil
}

// numberFits mirrors encoding/json: integers must parse as integers of the target's size.
func numberFits(n json.Number, t reflect.Type) bool {
	s := string(n)
	var err error
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		_, err = strconv.ParseInt(s, 10, t.Bits())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		_, err = strconv.ParseUint(s, 10, t.Bits())
	case reflect.Float32, reflect.Float64:
		_, err = strconv.ParseFloat(s, t.Bits())
	default:
		return false
	}
	return err == nil
}

func expected(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "must be a boolean"
	case reflect.String:
		return "must be a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "must be an integer in range"
	case reflect.Float32, reflect.Float64:
		return "must be a number"
	case reflect.Struct, reflect.Map:
		return "must be an object"
	case reflect.Slice, reflect.Array:
		return "must be an array"
	}
	return "has the wrong type"
}

func (w *walker) skip() error {
	var raw json.RawMessage
	return w.dec.Decode(&raw)
}

// skipRest consumes the remainder of a container whose opening delimiter was just read.
func (w *walker) skipRest(open json.Delim) error {
	for w.dec.More() {
		if open == '{' {
			if _, err := w.dec.Token(); err != nil {
				return err
			}
		}
		if err := w.skip(); err != nil {
			return err
		}
	}
	_, err := w.dec.Token()
	return err
}

func joinKey(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
