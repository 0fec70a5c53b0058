package middleware_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/internal/servertest"
)

// bigOrder is valid JSON of 2 MiB, so only its size can be the problem.
func bigOrder() []byte {
	return []byte(`{"note":"` + strings.Repeat("a", 2<<20) + `"}`)
}

func TestBodiesOverTheLimitAre413(t *testing.T) {
	t.Parallel()
	s := servertest.New(t, httpserver.Config{})
	for _, tc := range []struct {
		name string
		req  func() *http.Request
	}{
		{"with Content-Length", func() *http.Request {
			return httptest.NewRequest(http.MethodPost, "/orders", bytes.NewReader(bigOrder()))
		}},
		{"chunked, without Content-Length", func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/orders", servertest.Chunked(bytes.NewReader(bigOrder())))
			r.ContentLength = -1
			return r
		}},
		{"a lying Content-Length", func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/orders", servertest.Chunked(bytes.NewReader(bigOrder())))
			r.ContentLength = 100
			return r
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req := tc.req()
			req.Header.Set("Content-Type", "application/json")
			rec := s.Do(req)
			if rec.Code != http.StatusRequestEntityTooLarge {
				t.Fatalf("status = %d, want 413; body %.200s", rec.Code, rec.Body)
			}
			if p := servertest.DecodeProblem(t, rec); p.Code != "PAYLOAD_TOO_LARGE" {
				t.Errorf("code = %q, want PAYLOAD_TOO_LARGE", p.Code)
			}
		})
	}
}

func TestBodyJustUnderTheLimitIsAccepted(t *testing.T) {
	t.Parallel()
	s := servertest.New(t, httpserver.Config{})
	body := `{"note":"` + strings.Repeat("a", httpserver.DefaultBodyLimit-11) + `"}`
	rec := s.Do(servertest.JSONRequest(http.MethodPost, "/orders", body))
	if len(body) != httpserver.DefaultBodyLimit || rec.Code != http.StatusCreated {
		t.Fatalf("a %d-byte body: status %d, want 201", len(body), rec.Code)
	}
}

// TestBodiesMustBeJSON: JSON only, but for HTML forms on the routes that admit them.
func TestBodiesMustBeJSON(t *testing.T) {
	t.Parallel()
	s := servertest.New(t, httpserver.Config{})
	for _, tc := range []struct {
		name, path, contentType, body string
		chunked                       bool
		status                        int
	}{
		{"text/plain", "/orders", "text/plain", `{}`, false, 415},
		{"no content type", "/orders", "", `{}`, false, 415},
		{"form data", "/orders", "application/x-www-form-urlencoded", `a=b`, false, 415},
		{"a json look-alike", "/orders", "application/jsonx", `{}`, false, 415},
		{"a garbled content type", "/orders", "application/json; ===", `{}`, false, 415},
		{"another charset", "/orders", "application/json; charset=iso-8859-1", `{}`, false, 415},
		{"chunked text", "/orders", "text/plain", `{}`, true, 415},
		{"application/json", "/orders", "application/json", `{}`, false, 201},
		{"with charset", "/orders", "application/json; charset=utf-8", `{}`, false, 201},
		{"upper case", "/orders", "Application/JSON; Charset=UTF-8", `{}`, false, 201},
		{"an empty POST without a content type", "/action", "", ``, false, 204},
		{"an empty chunked POST without a content type", "/action", "", ``, true, 204},
		{"a body on a body-less route still needs JSON", "/action", "text/plain", `x`, false, 415},
		{"a form on a FormBody route", "/form", "application/x-www-form-urlencoded", `a=b`, false, 200},
		{"a form with a charset on a FormBody route", "/form", "application/x-www-form-urlencoded; charset=utf-8", `a=b`, false, 200},
		{"JSON on a FormBody route", "/form", "application/json", `{}`, false, 200},
		{"multipart on a FormBody route", "/form", "multipart/form-data; boundary=x", "--x--", false, 415},
		{"text on a FormBody route", "/form", "text/plain", `a=b`, false, 415},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req := httptest.NewRequest(http.MethodPost, tc.path, strings.NewReader(tc.body))
			if tc.chunked {
				req = httptest.NewRequest(http.MethodPost, tc.path, servertest.Chunked(strings.NewReader(tc.body)))
				req.ContentLength = -1
			}
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			rec := s.Do(req)
			if rec.Code != tc.status {
				t.Fatalf("status = %d, want %d; body %s", rec.Code, tc.status, rec.Body)
			}
			if tc.status == 415 {
				if p := servertest.DecodeProblem(t, rec); p.Code != "UNSUPPORTED_MEDIA_TYPE" {
					t.Errorf("code = %q", p.Code)
				}
			}
		})
	}
}
