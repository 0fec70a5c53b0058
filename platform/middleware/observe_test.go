package middleware_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/internal/servertest"
	"github.com/modmono/platform/middleware"
)

func TestStatementCountHeader(t *testing.T) {
	t.Parallel()
	engines, err := db.Open(context.Background(), db.Config{URL: "sqlite:" + filepath.Join(t.TempDir(), "t.db"), Context: "middleware"})
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { _ = engines.Close() })
	twoStatements := httpx.Route{Method: http.MethodGet, Path: "/sql", Handler: func(c echo.Context) error {
		for range 2 {
			if _, err := engines.Read.ExecContext(c.Request().Context(), "SELECT 1"); err != nil {
				return err
			}
		}
		return c.NoContent(http.StatusNoContent)
	}}
	on := servertest.New(t, httpserver.Config{StatementCountHeader: true}, twoStatements)
	off := servertest.New(t, httpserver.Config{}, twoStatements)

	for _, tc := range []struct {
		name string
		req  *http.Request
		want string
	}{
		{"statements counted", httptest.NewRequest(http.MethodGet, "/sql", nil), "2"},
		{"none run", httptest.NewRequest(http.MethodGet, "/ok", nil), "0"},
		{"an error", httptest.NewRequest(http.MethodGet, "/fail/conflict", nil), "0"},
		{"a panic", httptest.NewRequest(http.MethodGet, "/panic", nil), "0"},
		{"an unknown route", httptest.NewRequest(http.MethodGet, "/nope", nil), "0"},
		{"a rejected body", httptest.NewRequest(http.MethodPost, "/orders", bytes.NewReader(bigOrder())), "0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := on.Do(tc.req.Clone(context.Background())).Header().Values(middleware.HeaderSQLStatements); len(got) != 1 || got[0] != tc.want {
				t.Errorf("enabled: X-SQL-Statements = %q, want [%s]", got, tc.want)
			}
			if got := off.Do(tc.req.Clone(context.Background())).Header().Get(middleware.HeaderSQLStatements); got != "" {
				t.Errorf("disabled: X-SQL-Statements = %q, want none", got)
			}
		})
	}
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	e, err := httpserver.NewRouter(httpserver.Config{}, httpserver.Deps{Logger: slog.New(slog.DiscardHandler), Metrics: reg}, servertest.Routes()[:4])
	if err != nil {
		t.Fatal(err)
	}
	// A second server on the same registry shares the collectors instead of failing.
	if _, err := httpserver.NewRouter(httpserver.Config{}, httpserver.Deps{Metrics: reg}, nil); err != nil {
		t.Fatalf("second New on one registry: %v", err)
	}
	for _, r := range []*http.Request{
		httptest.NewRequest(http.MethodGet, "/ok", nil),
		httptest.NewRequest(http.MethodGet, "/ok", nil),
		httptest.NewRequest(http.MethodGet, "/fail/notfound", nil),
		httptest.NewRequest(http.MethodGet, "/no/such/page", nil),
		httptest.NewRequest("BREW", "/coffee", nil),
		httptest.NewRequest(http.MethodPost, "/orders", bytes.NewReader(bigOrder())),
	} {
		e.ServeHTTP(httptest.NewRecorder(), r)
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			key := f.GetName() + labels(m)
			switch {
			case m.Counter != nil:
				got[key] = m.Counter.GetValue()
			case m.Histogram != nil:
				got[key] = float64(m.Histogram.GetSampleCount())
			}
		}
	}
	for key, want := range map[string]float64{
		"http_requests_total{method=GET,route=/ok,status=200}":         2,
		"http_requests_total{method=GET,route=/fail/:kind,status=404}": 1,
		"http_requests_total{method=GET,route=unmatched,status=404}":   1,
		"http_requests_total{method=OTHER,route=unmatched,status=404}": 1,
		"http_requests_total{method=POST,route=/orders,status=413}":    1,
		"http_request_duration_seconds{method=GET,route=/ok}":          2,
		"http_request_sql_statements{method=GET,route=/ok}":            2,
	} {
		if got[key] != want {
			t.Errorf("%s = %v, want %v (have %v)", key, got[key], want, got)
		}
	}
}

func labels(m *dto.Metric) string {
	s := "{"
	for i, l := range m.GetLabel() {
		if i > 0 {
			s += ","
		}
		s += l.GetName() + "=" + l.GetValue()
	}
	return s + "}"
}
