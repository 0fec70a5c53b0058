package httpx

import "github.com/modmono/platform/errs"

// Member is one required body member and whether the request had it. Request types use pointer
// fields so that an absent member (or null) is told apart from a zero value.
type Member struct {
	field   string
	present bool
}

// Need reports field as present when the request set it. It takes the pointer itself, not an
// any, so that a nil *T is never mistaken for a present value.
func Need[T any](field string, v *T) Member { return Member{field: field, present: v != nil} }

// Required turns every absent member into a field error with code "required", all at once, so
// a client learns of each missing member in one 422 rather than one per request.
func Required(ms ...Member) error {
	var fields []errs.FieldError
	for _, m := range ms {
		if !m.present {
			fields = append(fields, errs.Field(m.field, errs.FieldRequired, m.field+" is required"))
		}
	}
	if len(fields) > 0 {
		return errs.Validation(fields...)
	}
	return nil
}
