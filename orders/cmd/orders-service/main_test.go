package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/fx"

	"github.com/modmono/platform"
	"github.com/modmono/platform/config"
)

// TestMain runs main itself when asked to by a test, in a process of its own with an
// environment of the test's choosing.
func TestMain(m *testing.M) {
	if os.Getenv("ORDERS_SERVICE_RUN_MAIN") == "1" {
		os.Args = os.Args[:1]
		main()
		return
	}
	os.Exit(m.Run())
}

func TestWithoutAuthURLTheServiceExitsWith2NamingIt(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = []string{"ORDERS_SERVICE_RUN_MAIN=1", "HTTP_ADDR=127.0.0.1:0",
		"DATABASE_URL=sqlite:" + filepath.Join(t.TempDir(), "orders.db")}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), "AUTH_URL") {
		t.Fatalf("exit %v, output %q; want status 2 and a message naming AUTH_URL", err, out)
	}
}

func TestConfigurationNamesWhatIsMissing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string // "" means valid
	}{
		{"AUTH_URL is required", map[string]string{}, "AUTH_URL: required but not set"},
		{"AUTH_URL may not be empty", map[string]string{"AUTH_URL": ""}, "AUTH_URL"},
		{"AUTH_URL must be an http(s) URL", map[string]string{"AUTH_URL": "auth:8080"}, "AUTH_URL"},
		{"an http base URL will do", map[string]string{"AUTH_URL": "http://auth:8080"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := config.LoadFrom[serviceConfig](tt.env)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("LoadFrom(%v) error = %v; want %q", tt.env, err, tt.wantErr)
			}
		})
	}
}

// TestTheServiceGraphIsComplete: every dependency of the service's modules is provided (fx
// builds the graph without running a constructor).
func TestTheServiceGraphIsComplete(t *testing.T) {
	t.Parallel()
	base, err := config.LoadFrom[config.Base](map[string]string{
		"HTTP_ADDR": "127.0.0.1:0", "DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "orders.db"),
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.LoadFrom[serviceConfig](map[string]string{"AUTH_URL": "http://auth:8080"})
	if err != nil {
		t.Fatal(err)
	}
	if err := fx.ValidateApp(platform.Options(base, modules(cfg)...)); err != nil {
		t.Fatal(err)
	}
}
