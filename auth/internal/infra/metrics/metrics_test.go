package metrics_test

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/infra/metrics"
)

func TestObserverCountsIntoTheRegistry(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		act  func(o application.Observer)
		want string
	}{
		{"nothing yet: every series at zero", func(application.Observer) {}, `
auth_login_failures_total 0
auth_password_hash_shed_total 0
auth_rate_limited_total{endpoint="login"} 0
auth_rate_limited_total{endpoint="password_reset"} 0
`},
		{"failures and refusals", func(o application.Observer) {
			o.LoginFailed()
			o.LoginFailed()
			o.RateLimited(application.EndpointLogin)
			o.RateLimited(application.EndpointPasswordReset)
			o.RateLimited(application.EndpointPasswordReset)
			o.(*metrics.Observer).HashShed()
		}, `
auth_login_failures_total 2
auth_password_hash_shed_total 1
auth_rate_limited_total{endpoint="login"} 1
auth_rate_limited_total{endpoint="password_reset"} 2
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			reg := prometheus.NewRegistry()
			o, err := metrics.New(reg)
			if err != nil {
				t.Fatal(err)
			}
			tt.act(o)
			want := `# HELP auth_login_failures_total Sign-ins refused for a wrong email or password, or a disabled account.
# TYPE auth_login_failures_total counter
# HELP auth_password_hash_shed_total Requests answered 503 at once because every argon2id slot was busy and the queue (AUTH_HASH_QUEUE) full.
# TYPE auth_password_hash_shed_total counter
# HELP auth_rate_limited_total Requests refused with 429 by a per-email limit, by endpoint.
# TYPE auth_rate_limited_total counter` + tt.want
			if err := testutil.GatherAndCompare(reg, strings.NewReader(want)); err != nil {
				t.Error(err)
			}
		})
	}
}

// A second module instance on the same registry (tests start several apps) shares the series.
func TestObserverReusesSeriesAlreadyRegistered(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	first, err := metrics.New(reg)
	if err != nil {
		t.Fatal(err)
	}
	second, err := metrics.New(reg)
	if err != nil {
		t.Fatalf("second registration: %v", err)
	}
	first.LoginFailed()
	second.LoginFailed()
	if n, err := testutil.GatherAndCount(reg, "auth_login_failures_total"); err != nil || n != 1 {
		t.Fatalf("series: %d (%v), want 1", n, err)
	}
	if err := testutil.GatherAndCompare(reg, strings.NewReader(`# HELP auth_login_failures_total Sign-ins refused for a wrong email or password, or a disabled account.
# TYPE auth_login_failures_total counter
auth_login_failures_total 2
`), "auth_login_failures_total"); err != nil {
		t.Error(err)
	}
}
