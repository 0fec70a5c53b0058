package payments

import (
	"strings"
	"testing"

	pconfig "github.com/modmono/platform/config"
)

// TestRateLimitIsOnByDefault: the per-client limit holds a real-shop value unless configured,
// and a bad value names its variable.
func TestRateLimitIsOnByDefault(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		env     map[string]string
		wantOff bool
		wantErr bool
	}{
		{nil, false, false},
		{map[string]string{"RATE_LIMIT_PAYMENTS": "5/1m"}, false, false},
		{map[string]string{"RATE_LIMIT_PAYMENTS": "off"}, true, false},
		{map[string]string{"RATE_LIMIT_PAYMENTS": "5 per minute"}, false, true},
	} {
		cfg, err := pconfig.LoadFrom[config](tc.env)
		if tc.wantErr {
			if err == nil || !strings.Contains(err.Error(), "RATE_LIMIT_PAYMENTS") {
				t.Errorf("%v: error %v; want one naming RATE_LIMIT_PAYMENTS", tc.env, err)
			}
			continue
		}
		if err != nil || cfg.PaymentRate.Off() != tc.wantOff {
			t.Errorf("%v: %s, %v; want off=%v", tc.env, cfg.PaymentRate, err, tc.wantOff)
		}
	}
}
