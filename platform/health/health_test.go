package health_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/health"
	"github.com/modmono/platform/httpx"
)

func ok(context.Context) error { return nil }

func failWith(msg string) func(context.Context) error {
	return func(context.Context) error { return errors.New(msg) }
}

// serve calls the route at path directly, as the router would after its middleware.
func serve(t *testing.T, routes []httpx.Route, path string) (*httptest.ResponseRecorder, error) {
	t.Helper()
	for _, r := range routes {
		if r.Path == path {
			if r.Method != http.MethodGet || r.Access != httpx.Public {
				t.Fatalf("%s is %s with access %v, want a public GET", path, r.Method, r.Access)
			}
			rec := httptest.NewRecorder()
			c := echo.New().NewContext(httptest.NewRequest(http.MethodGet, path, nil), rec)
			return rec, r.Handler(c)
		}
	}
	t.Fatalf("no route %s", path)
	return nil, nil
}

func TestHealthzAnswersOKWithoutTouchingAnyCheck(t *testing.T) {
	t.Parallel()
	touched := false
	routes, err := health.Routes([]health.Check{{Name: "db", Ping: func(context.Context) error { touched = true; return nil }}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := serve(t, routes, "/healthz")
	if err != nil || rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != `{"status":"ok"}` {
		t.Fatalf("healthz = %d %q, %v; want 200 {\"status\":\"ok\"}", rec.Code, rec.Body.String(), err)
	}
	if touched {
		t.Fatal("healthz pinged a dependency")
	}
	// The body is written once, ahead of time: it must stay what encoding Live gives.
	want, _ := json.Marshal(health.Live{Status: "ok"})
	if got := rec.Body.String(); got != string(want)+"\n" || rec.Header().Get("Content-Type") != "application/json" {
		t.Errorf("healthz body %q (%s), want %q as application/json", got, rec.Header().Get("Content-Type"), want)
	}
}

func TestReadyzListsEveryCheckWhenAllAnswer(t *testing.T) {
	t.Parallel()
	routes, _ := health.Routes([]health.Check{{Name: "auth.db", Ping: ok}, {Name: "orders.db", Ping: ok}}, nil)
	rec, err := serve(t, routes, "/readyz")
	if err != nil || rec.Code != http.StatusOK {
		t.Fatalf("readyz = %d, %v; want 200", rec.Code, err)
	}
	var got health.Ready
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := health.Ready{Status: "ok", Checks: map[string]string{"auth.db": "ok", "orders.db": "ok"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("body %+v, want %+v", got, want)
	}
}

func TestReadyzIsUnavailableNamingFailingChecksButNotTheirErrors(t *testing.T) {
	t.Parallel()
	routes, _ := health.Routes([]health.Check{
		{Name: "auth.db", Ping: ok},
		{Name: "orders.db", Ping: failWith("dial tcp 10.0.0.5:5432: connection refused")},
		{Name: "broker", Ping: func(context.Context) error { panic("nil pointer") }},
	}, nil)
	rec, err := serve(t, routes, "/readyz")
	e, isErr := errs.As(err)
	if !isErr || e.Kind != errs.KindUnavailable || e.Code != errs.CodeServiceUnavailable || e.RetryAfter <= 0 {
		t.Fatalf("err = %#v, want an unavailable *errs.Error with RetryAfter", err)
	}
	if !strings.Contains(e.Message, "orders.db") || !strings.Contains(e.Message, "broker") || strings.Contains(e.Message, "auth.db") {
		t.Errorf("message %q, want the failing checks orders.db and broker only", e.Message)
	}
	if strings.Contains(e.Message, "refused") || strings.Contains(e.Message, "nil pointer") {
		t.Errorf("message %q leaks a check's error", e.Message)
	}
	if !strings.Contains(e.Err.Error(), "connection refused") {
		t.Errorf("cause %v, want the check's error kept for the log", e.Err)
	}
	if rec.Header().Get("Retry-After") == "" {
		t.Error("no Retry-After header")
	}
}

func TestReadyzIsUnavailableWhileDrainingAndHealthzStillAnswers(t *testing.T) {
	t.Parallel()
	pinged := false
	drain := health.NewDrain()
	routes, _ := health.Routes([]health.Check{{Name: "db", Ping: func(context.Context) error { pinged = true; return nil }}}, drain)
	if rec, err := serve(t, routes, "/readyz"); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("readyz before the drain = %d, %v; want 200", rec.Code, err)
	}
	pinged = false
	drain.Start()
	rec, err := serve(t, routes, "/readyz")
	if e, isErr := errs.As(err); !isErr || e.Kind != errs.KindUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("readyz while draining = %v (Retry-After %q), want unavailable with Retry-After", err, rec.Header().Get("Retry-After"))
	}
	if pinged {
		t.Error("readyz pinged a dependency while draining: the answer is 503 whatever they say")
	}
	if rec, err := serve(t, routes, "/healthz"); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("healthz while draining = %d, %v; want 200: the process is alive", rec.Code, err)
	}
}

func TestRunGivesUpOnAHangingCheck(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	defer close(release)
	results := health.Run(context.Background(), []health.Check{
		{Name: "stuck", Ping: func(context.Context) error { <-release; return nil }},
		{Name: "fine", Ping: ok},
	})
	if results["fine"] != nil || !errors.Is(results["stuck"], context.DeadlineExceeded) {
		t.Fatalf("results %v, want fine ok and stuck timed out", results)
	}
}

func TestRunHonoursTheTimeoutInTheCheckContext(t *testing.T) {
	t.Parallel()
	var deadline time.Time
	health.Run(context.Background(), []health.Check{{Name: "db", Ping: func(ctx context.Context) error {
		deadline, _ = ctx.Deadline()
		return nil
	}}})
	if left := time.Until(deadline); left <= 0 || left > health.Timeout {
		t.Fatalf("check deadline in %v, want within %v", left, health.Timeout)
	}
}

func TestRoutesRejectsMiswiredChecks(t *testing.T) {
	t.Parallel()
	for name, checks := range map[string][]health.Check{
		"duplicate name": {{Name: "db", Ping: ok}, {Name: "db", Ping: ok}},
		"empty name":     {{Name: "", Ping: ok}},
		"nil ping":       {{Name: "db"}},
	} {
		if _, err := health.Routes(checks, nil); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
