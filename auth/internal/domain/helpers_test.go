package domain_test

import (
	"testing"

	"github.com/modmono/platform/errs"
)

// wantField asserts that err is a 422 whose only field error is field/code; code "" wants nil.
func wantField(t testing.TB, err error, field, code string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("want no error, got %v", err)
		}
		return
	}
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.KindInvalid || len(e.Fields) != 1 {
		t.Fatalf("want a 422 with one field error %s/%s, got %#v", field, code, err)
	}
	if got := e.Fields[0]; got.Field != field || got.Code != code {
		t.Fatalf("want field error %s/%s, got %s/%s", field, code, got.Field, got.Code)
	}
}
