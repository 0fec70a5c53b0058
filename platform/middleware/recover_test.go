package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/internal/servertest"
)

func TestPanicsAnswer500WithoutDetails(t *testing.T) {
	t.Parallel()
	s := servertest.New(t, httpserver.Config{})
	rec := s.Do(httptest.NewRequest(http.MethodGet, "/panic", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500", rec.Code)
	}
	if p := servertest.DecodeProblem(t, rec); p.Code != "INTERNAL" || p.Detail != "internal error" {
		t.Errorf("problem = %+v", p)
	}
	if strings.Contains(rec.Body.String(), "secret") || strings.Contains(rec.Body.String(), "goroutine") {
		t.Errorf("body leaks the panic: %s", rec.Body)
	}
	logs := s.Logs.String()
	if !strings.Contains(logs, "secret panic text") || !strings.Contains(logs, "goroutine") {
		t.Errorf("the panic and its stack are not logged: %s", logs)
	}
}
