// Package httpxtest holds the assertions every context's HTTP tests make about the platform's
// answers: status, problem+json code and field errors, and JSON bodies.
package httpxtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/problem"
)

// Problem is the part of a problem+json body tests look at.
type Problem struct {
	Code   string            `json:"code"`
	Errors []errs.FieldError `json:"errors"`
}

// Want checks the status and, when code is not empty, that the body is a problem with that code.
func Want(t testing.TB, w *httptest.ResponseRecorder, status int, code string) Problem {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; body %s", w.Code, status, w.Body)
	}
	if code == "" {
		return Problem{}
	}
	if ct := w.Header().Get("Content-Type"); ct != problem.ContentType {
		t.Fatalf("content type %q, want %q", ct, problem.ContentType)
	}
	p := Decode[Problem](t, w)
	if p.Code != code {
		t.Fatalf("code %q, want %q; body %s", p.Code, code, w.Body)
	}
	return p
}

// WantField checks a 422 with code that names field with fieldCode among its errors.
func WantField(t testing.TB, w *httptest.ResponseRecorder, code, field, fieldCode string) {
	t.Helper()
	p := Want(t, w, http.StatusUnprocessableEntity, code)
	for _, f := range p.Errors {
		if f.Field == field && f.Code == fieldCode {
			return
		}
	}
	t.Fatalf("want field error %s/%s, got %+v", field, fieldCode, p.Errors)
}

// Decode reads a JSON body into a T.
func Decode[T any](t testing.TB, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %s: %v", w.Body, err)
	}
	return v
}

// WantForwarded checks that got, the routes a context's Remote provides, are exactly want (the
// context's own routes), each with its access rule and operation id kept and a handler (the
// forwarder) set.
func WantForwarded(t testing.TB, got, want []httpx.Route) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d routes forwarded, want %d", len(got), len(want))
	}
	byKey := map[string]httpx.Route{}
	for _, r := range want {
		byKey[r.Method+" "+r.Path] = r
	}
	for _, r := range got { // a value group's order is not the constructor's
		w, ok := byKey[r.Method+" "+r.Path]
		if !ok || r.Access != w.Access || r.OperationID != w.OperationID || r.Handler == nil {
			t.Errorf("route %s %s: not one of the context's routes, or changed, or without a forwarding handler", r.Method, r.Path)
		}
		delete(byKey, r.Method+" "+r.Path)
	}
	for k := range byKey {
		t.Errorf("route %s is not forwarded", k)
	}
}
