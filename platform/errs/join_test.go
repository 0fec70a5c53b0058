package errs_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/modmono/platform/errs"
)

func TestJoinFieldsMergesOnlyValidationFailures(t *testing.T) {
	t.Parallel()
	email := errs.Validation(errs.Field("email", errs.FieldInvalid, "bad email"))
	name := errs.Validation(errs.Field("name", errs.FieldRequired, "no name"), errs.Field("sku", errs.FieldTooLong, "long"))
	currency := errs.Invalid("CURRENCY_MISMATCH", "one currency per order", errs.Field("items[1].price", errs.FieldInvalid, "EUR"))
	down := errors.New("database down")
	tests := []struct {
		name       string
		checks     []error
		wantFields []errs.FieldError // of the merged 422
		wantSame   error             // or the error returned as it is
	}{
		{"no failure", []error{nil, nil}, nil, nil},
		{"every field of every validation failure", []error{email, nil, name},
			[]errs.FieldError{email.Fields[0], name.Fields[0], name.Fields[1]}, nil},
		{"a 422 of its own code keeps its code", []error{email, currency}, nil, currency},
		{"another kind of error is returned as it is", []error{down, email}, nil, down},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := errs.JoinFields(tt.checks...)
			if tt.wantSame != nil || tt.wantFields == nil {
				if !errors.Is(err, tt.wantSame) || (err == nil) != (tt.wantSame == nil) {
					t.Fatalf("JoinFields = %v; want %v", err, tt.wantSame)
				}
				return
			}
			e, ok := errs.As(err)
			if !ok || e.Code != errs.CodeValidationFailed || !reflect.DeepEqual(e.Fields, tt.wantFields) {
				t.Fatalf("JoinFields = %#v; want VALIDATION_FAILED with fields %+v", err, tt.wantFields)
			}
		})
	}
}
