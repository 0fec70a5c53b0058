package application_test

import (
	"context"
	"maps"
	"sync"
	"testing"

	"github.com/modmono/auth/internal/application"
)

// recordingObserver counts what the application tells it.
type recordingObserver struct {
	mu            sync.Mutex
	loginFailures int
	rateLimited   map[string]int
}

func (o *recordingObserver) LoginFailed() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.loginFailures++
}

func (o *recordingObserver) RateLimited(endpoint string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.rateLimited == nil {
		o.rateLimited = map[string]int{}
	}
	o.rateLimited[endpoint]++
}

func (o *recordingObserver) counts() (int, map[string]int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.loginFailures, maps.Clone(o.rateLimited)
}

func TestObserverIsToldFailedLoginsAndRateLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		act          func(t *testing.T, h *harness)
		wantFailures int
		wantLimited  map[string]int
	}{
		{"a successful login is not a failure", func(t *testing.T, h *harness) {
			h.login(t, "ann@example.com", goodPassword)
		}, 0, nil},
		{"each wrong password is a failure", func(t *testing.T, h *harness) {
			for range 3 {
				_, _ = h.app.Commands.Login.Handle(context.Background(), application.Login{Email: "ann@example.com", Password: "wrong password!"})
			}
		}, 3, nil},
		{"past the limit the refusal is a rate limit, not a failure", func(t *testing.T, h *harness) {
			for range application.DefaultConfig().MaxFailedLogins + 2 {
				_, _ = h.app.Commands.Login.Handle(context.Background(), application.Login{Email: "ann@example.com", Password: "wrong password!"})
			}
		}, application.DefaultConfig().MaxFailedLogins, map[string]int{application.EndpointLogin: 2}},
		{"password reset requests past the limit", func(t *testing.T, h *harness) {
			for range application.DefaultConfig().MaxPasswordResets + 1 {
				_, _ = h.app.Commands.RequestPasswordReset.Handle(context.Background(), application.RequestPasswordReset{Email: "ann@example.com"})
			}
		}, 0, map[string]int{application.EndpointPasswordReset: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			eachDialect(t, func(t *testing.T, h *harness) {
				h.register(t, "ann@example.com")
				tt.act(t, h)
				failures, limited := h.observer.counts()
				if failures != tt.wantFailures {
					t.Errorf("login failures: %d, want %d", failures, tt.wantFailures)
				}
				if !maps.Equal(limited, tt.wantLimited) && len(limited)+len(tt.wantLimited) > 0 {
					t.Errorf("rate limited: %v, want %v", limited, tt.wantLimited)
				}
			})
		})
	}
}
