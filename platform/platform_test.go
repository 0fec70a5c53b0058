package platform_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"
	"go.uber.org/fx"
	"go.uber.org/fx/fxtest"

	"github.com/modmono/platform"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/config"
	"github.com/modmono/platform/health"
	"github.com/modmono/platform/httpx"
)

// fixture is a started platform module with one test context plugged in.
type fixture struct {
	url, metricsURL string
	key             ed25519.PrivateKey
}

func baseConfig(t *testing.T, env map[string]string) config.Base {
	t.Helper()
	vars := map[string]string{"HTTP_ADDR": "127.0.0.1:0", "LOG_LEVEL": "error"}
	for k, v := range env {
		vars[k] = v
	}
	base, err := config.LoadFrom[config.Base](vars)
	if err != nil {
		t.Fatal(err)
	}
	return base
}

// testContext is what a bounded context contributes: routes, a readiness check and the keys.
func testContext(pub ed25519.PublicKey, ready error) fx.Option {
	return fx.Options(
		fx.Supply(fx.Annotate(authn.StaticKeys{"k1": pub}, fx.As(new(authn.KeySource)))),
		fx.Provide(platform.AsRoutes(func() []httpx.Route {
			return []httpx.Route{
				{Method: http.MethodGet, Path: "/test/hello", Access: httpx.Public, Status: http.StatusOK,
					Handler: func(c echo.Context) error { return c.JSON(http.StatusOK, map[string]string{"hello": "world"}) }},
				{Method: http.MethodGet, Path: "/test/me", Access: httpx.User, Status: http.StatusOK,
					Handler: func(c echo.Context) error { return c.String(http.StatusOK, httpx.Principal(c).UserID) }},
			}
		})),
		fx.Provide(platform.AsReadinessCheck(func() health.Check {
			return health.Check{Name: "test.db", Ping: func(context.Context) error { return ready }}
		})),
	)
}

func start(t *testing.T, env map[string]string, ready error) fixture {
	t.Helper()
	pub, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var srv *platform.Server
	app := fxtest.New(t, platform.Module(baseConfig(t, env)), testContext(pub, ready), fx.Populate(&srv))
	app.RequireStart()
	t.Cleanup(app.RequireStop)
	f := fixture{url: "http://" + srv.Addr().String(), key: key}
	if a := srv.MetricsAddr(); a != nil {
		f.metricsURL = "http://" + a.String()
	}
	return f
}

type reply struct {
	status int
	header http.Header
	body   string
}

func get(t *testing.T, url, token string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{resp.StatusCode, resp.Header, string(b)}
}

func TestModuleServesOperatorAndContextRoutes(t *testing.T) {
	t.Parallel()
	f := start(t, nil, nil)

	if r := get(t, f.url+"/healthz", ""); r.status != http.StatusOK || strings.TrimSpace(r.body) != `{"status":"ok"}` {
		t.Errorf("/healthz = %d %s, want 200 {\"status\":\"ok\"}", r.status, r.body)
	}
	if r := get(t, f.url+"/readyz", ""); r.status != http.StatusOK || strings.TrimSpace(r.body) != `{"status":"ok","checks":{"test.db":"ok"}}` {
		t.Errorf("/readyz = %d %s, want 200 with test.db ok", r.status, r.body)
	}
	if r := get(t, f.url+"/test/hello", ""); r.status != http.StatusOK || !strings.Contains(r.body, `"world"`) {
		t.Errorf("/test/hello = %d %s, want 200 hello world", r.status, r.body)
	}
	if r := get(t, f.url+"/metrics", ""); r.status != http.StatusOK || !strings.Contains(r.body, "go_goroutines") {
		t.Errorf("/metrics = %d, want 200 with runtime metrics", r.status)
	}
}

func TestModuleVerifiesTokensForTheConfiguredIssuerAndAudience(t *testing.T) {
	t.Parallel()
	f := start(t, map[string]string{"JWT_ISSUER": "test-issuer", "JWT_AUDIENCE": "test-api"}, nil)

	if r := get(t, f.url+"/test/me", f.token(t, "test-issuer", "test-api")); r.status != http.StatusOK || r.body != "user-1" {
		t.Errorf("/test/me with a good token = %d %s, want 200 user-1", r.status, r.body)
	}
	if r := get(t, f.url+"/test/me", f.token(t, "modmono", "test-api")); r.status != http.StatusUnauthorized {
		t.Errorf("/test/me with another issuer = %d, want 401", r.status)
	}
	if r := get(t, f.url+"/test/me", ""); r.status != http.StatusUnauthorized {
		t.Errorf("/test/me without a token = %d, want 401", r.status)
	}
}

func (f fixture) token(t *testing.T, iss, aud string) string {
	t.Helper()
	now := time.Now()
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, jwt.MapClaims{
		"iss": iss, "aud": aud, "sub": "user-1", "jti": "t1", "roles": []string{"customer"},
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
	})
	tok.Header["kid"] = "k1"
	s, err := tok.SignedString(f.key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReadyzFailsWithProblemJSONNamingTheCheckOnly(t *testing.T) {
	t.Parallel()
	f := start(t, nil, errors.New("dial tcp 10.1.2.3:5432: connection refused"))

	r := get(t, f.url+"/readyz", "")
	if r.status != http.StatusServiceUnavailable || !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("/readyz = %d %s, want 503 problem+json", r.status, r.header.Get("Content-Type"))
	}
	if r.header.Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	var p struct {
		Code, Detail string
	}
	if err := json.Unmarshal([]byte(r.body), &p); err != nil {
		t.Fatal(err)
	}
	if p.Code != "SERVICE_UNAVAILABLE" || !strings.Contains(p.Detail, "test.db") {
		t.Errorf("problem %s, want SERVICE_UNAVAILABLE naming test.db", r.body)
	}
	if strings.Contains(r.body, "refused") || strings.Contains(r.body, "10.1.2.3") {
		t.Errorf("problem %s leaks the check's error", r.body)
	}
	if r := get(t, f.url+"/healthz", ""); r.status != http.StatusOK {
		t.Errorf("/healthz = %d while a dependency is down, want 200", r.status)
	}
}

func TestMetricsMoveToTheirOwnListener(t *testing.T) {
	t.Parallel()
	f := start(t, map[string]string{"METRICS_ADDR": "127.0.0.1:0"}, nil)

	if f.metricsURL == "" {
		t.Fatal("no metrics address")
	}
	if r := get(t, f.metricsURL+"/metrics", ""); r.status != http.StatusOK || !strings.Contains(r.body, "go_goroutines") {
		t.Errorf("metrics listener /metrics = %d, want 200", r.status)
	}
	if r := get(t, f.url+"/metrics", ""); r.status != http.StatusNotFound {
		t.Errorf("API port /metrics = %d, want 404 once METRICS_ADDR is set", r.status)
	}
	if r := get(t, f.metricsURL+"/debug/pprof/goroutine?debug=1", ""); r.status != http.StatusOK || !strings.Contains(r.body, "goroutine profile") {
		t.Errorf("metrics listener /debug/pprof/goroutine = %d, want 200 with a profile", r.status)
	}
	if r := get(t, f.url+"/debug/pprof/goroutine?debug=1", ""); r.status != http.StatusNotFound {
		t.Errorf("API port /debug/pprof/ = %d, want 404: profiles are never public", r.status)
	}
}

func TestStartFailsWhenThePortIsTaken(t *testing.T) {
	t.Parallel()
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	app := fx.New(fx.NopLogger, platform.Module(baseConfig(t, map[string]string{"HTTP_ADDR": taken.Addr().String()})), testContext(pub, nil))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := app.Start(ctx); err == nil {
		_ = app.Stop(ctx)
		t.Fatal("start succeeded on a taken port")
	}
}

func TestABadConfigurationFailsNamingTheVariable(t *testing.T) {
	t.Parallel()
	base := baseConfig(t, nil)
	base.LogFormat = "xml"
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	err := fx.New(fx.NopLogger, platform.Module(base), testContext(pub, nil)).Err()
	if err == nil || !strings.Contains(err.Error(), "LOG_FORMAT: ") {
		t.Fatalf("err = %v, want LOG_FORMAT named", err)
	}
}

func TestOptionsWireTheModuleWithFxLogging(t *testing.T) {
	t.Parallel()
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	app := fxtest.New(t, platform.Options(baseConfig(t, nil)), testContext(pub, nil))
	app.RequireStart().RequireStop()
}
