package httpx_test

import (
	"net/http"
	"testing"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/internal/servertest"
)

func TestBindThroughTheServer(t *testing.T) {
	t.Parallel()
	s := servertest.New(t, httpserver.Config{})
	for _, tc := range []struct {
		name, body string
		status     int
		code       string
		field      errs.FieldError // checked when Field or Code is set
	}{
		{"valid", `{"items":[{"product_id":"p1","quantity":2}],"note":"hi"}`, 201, "", errs.FieldError{}},
		{"unknown field", `{"items":[],"colour":"red"}`, 422, "VALIDATION_FAILED", errs.FieldError{Field: "colour", Code: "unknown_field"}},
		{"unknown nested field", `{"items":[{"product_id":"p1","quantity":1,"price":1}]}`, 422, "VALIDATION_FAILED", errs.FieldError{Field: "items[0].price", Code: "unknown_field"}},
		{"case-mismatched field", `{"Note":"hi"}`, 422, "VALIDATION_FAILED", errs.FieldError{Field: "Note", Code: "unknown_field"}},
		{"case-mismatched nested field", `{"items":[{"product_id":"p","QUANTITY":1}]}`, 422, "VALIDATION_FAILED", errs.FieldError{Field: "items[0].QUANTITY", Code: "unknown_field"}},
		{"wrong type", `{"items":[{"product_id":"p1","quantity":"3"}]}`, 422, "VALIDATION_FAILED", errs.FieldError{Field: "items[0].quantity", Code: "invalid_type"}},
		{"wrong type in a later item", `{"items":[{"quantity":1},{"quantity":1.5}]}`, 422, "VALIDATION_FAILED", errs.FieldError{Field: "items[1].quantity", Code: "invalid_type"}},
		{"trailing data", `{"note":"a"} {"note":"b"}`, 400, "MALFORMED_JSON", errs.FieldError{}},
		{"trailing garbage", `{"note":"a"}x`, 400, "MALFORMED_JSON", errs.FieldError{}},
		{"invalid UTF-8", "{\"note\":\"a\xff\"}", 400, "MALFORMED_JSON", errs.FieldError{}},
		{"syntax error", `{"note":}`, 400, "MALFORMED_JSON", errs.FieldError{}},
		{"empty body", ``, 400, "MALFORMED_JSON", errs.FieldError{}},
		{"whitespace only", "  \n", 400, "MALFORMED_JSON", errs.FieldError{}},
		{"null", `null`, 400, "MALFORMED_JSON", errs.FieldError{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := s.Do(servertest.JSONRequest(http.MethodPost, "/orders", tc.body))
			if rec.Code != tc.status {
				t.Fatalf("status = %d, want %d; body %s", rec.Code, tc.status, rec.Body)
			}
			if tc.status < 400 {
				return
			}
			p := servertest.DecodeProblem(t, rec)
			if p.Code != tc.code {
				t.Errorf("code = %q, want %q", p.Code, tc.code)
			}
			if tc.field.Field != "" || tc.field.Code != "" {
				if len(p.Errors) != 1 || p.Errors[0].Field != tc.field.Field || p.Errors[0].Code != tc.field.Code || p.Errors[0].Message == "" {
					t.Errorf("errors = %+v, want [%+v]", p.Errors, tc.field)
				}
			}
		})
	}
}
