package httpx_test

import (
	"reflect"
	"testing"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
)

func TestRequiredReportsEveryAbsentMember(t *testing.T) {
	t.Parallel()
	empty, zero := "", 0
	for _, tc := range []struct {
		name    string
		members []httpx.Member
		want    []string // fields reported as required, in order; nil means no error
	}{
		{"no members", nil, nil},
		{"zero values are present", []httpx.Member{httpx.Need("email", &empty), httpx.Need("quantity", &zero)}, nil},
		{"one absent", []httpx.Member{httpx.Need("email", &empty), httpx.Need("password", (*string)(nil))}, []string{"password"}},
		{"all absent, in order", []httpx.Member{
			httpx.Need("email", (*string)(nil)), httpx.Need("items[0].quantity", (*int)(nil)),
		}, []string{"email", "items[0].quantity"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := httpx.Required(tc.members...)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Required: want nil, got %v", err)
				}
				return
			}
			e, ok := errs.As(err)
			if !ok || e.Kind != errs.KindInvalid || e.Code != errs.CodeValidationFailed {
				t.Fatalf("Required: want a %s validation error, got %v", errs.CodeValidationFailed, err)
			}
			var want []errs.FieldError
			for _, f := range tc.want {
				want = append(want, errs.Field(f, errs.FieldRequired, f+" is required"))
			}
			if !reflect.DeepEqual(e.Fields, want) {
				t.Errorf("Required fields: want %+v, got %+v", want, e.Fields)
			}
		})
	}
}
