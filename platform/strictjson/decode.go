// Package strictjson decodes request bodies the way the API contract demands: exact member names,
// no unknown or duplicated members, no invalid UTF-8 (raw, or escaped as a lone surrogate), every
// offence reported by its JSON path as an errs validation or malformed error. It knows nothing
// of HTTP; httpx.Bind feeds it the body.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/modmono/platform/errs"
)

// Decode decodes one JSON value into dst the way the contract demands and encoding/json
// does not: invalid UTF-8 is refused (encoding/json would replace it), and so is an escape of
// half a UTF-16 surrogate pair ("\ud800"), which encodes no character either; member names match
// exactly (encoding/json folds case), and every unknown, duplicated or mistyped member is
// reported by its JSON path. Only a body that passes is handed to encoding/json, so nothing is
// accepted that encoding/json would refuse.
func Decode(raw []byte, dst any) error {
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return errs.Internal(fmt.Errorf("strictjson: Decode needs a non-nil pointer, got %T", dst))
	}
	if !utf8.Valid(raw) {
		return errs.Malformed("the request body is not valid UTF-8")
	}
	var probe json.RawMessage
	if err := json.Unmarshal(raw, &probe); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) && len(bytes.TrimSpace(raw)) > 0 {
			return errs.Malformed(fmt.Sprintf("the request body is not valid JSON: %s (at byte %d)", se, se.Offset))
		}
		return errs.Malformed("a JSON request body is required")
	}
	if string(probe) == "null" {
		return errs.Malformed("a JSON request body is required")
	}
	if at, found := loneSurrogate(raw); found {
		return errs.Malformed(fmt.Sprintf("the request body is not valid UTF-8: the escape at byte %d is half a UTF-16 surrogate pair", at))
	}
	w := walker{dec: json.NewDecoder(bytes.NewReader(raw))}
	w.dec.UseNumber()
	if err := w.value(rv.Type().Elem(), ""); err != nil {
		return errs.Malformed("the request body is not valid JSON").WithCause(err)
	}
	if len(w.fields) > 0 {
		return errs.Validation(w.fields...)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return residual(err)
	}
	return nil
}

// residual maps what only encoding/json itself notices (",string" fields, ambiguous embedded
// names); its paths lack array indices, which is the best it offers.
func residual(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return errs.Validation(errs.Field(te.Field, errs.FieldInvalidType, "has the wrong type")).WithCause(err)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return errs.Validation(errs.Field(strings.Trim(name, `"`), errs.FieldUnknown, "is not a known field")).WithCause(err)
	}
	return errs.Validation(errs.Field("", errs.FieldInvalid, "the request body does not have the expected shape")).WithCause(err)
}
