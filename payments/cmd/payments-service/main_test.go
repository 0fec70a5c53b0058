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
	if os.Getenv("PAYMENTS_SERVICE_RUN_MAIN") == "1" {
		os.Args = os.Args[:1]
		main()
		return
	}
	os.Exit(m.Run())
}

func TestWithoutItsServicesTheServiceExitsWith2NamingThem(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = []string{"PAYMENTS_SERVICE_RUN_MAIN=1", "HTTP_ADDR=127.0.0.1:0",
		"DATABASE_URL=sqlite:" + filepath.Join(t.TempDir(), "payments.db")}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), "AUTH_URL") || !strings.Contains(string(out), "ORDERS_URL") {
		t.Fatalf("exit %v, output %q; want status 2 and a message naming AUTH_URL and ORDERS_URL", err, out)
	}
}

func TestConfigurationNamesWhatIsWrong(t *testing.T) {
	t.Parallel()
	valid := func(changes map[string]string) map[string]string {
		env := map[string]string{"AUTH_URL": "http://auth:8080", "ORDERS_URL": "http://orders:8080"}
		for k, v := range changes {
			if v == "<unset>" {
				delete(env, k)
				continue
			}
			env[k] = v
		}
		return env
	}
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string // "" means valid
	}{
		{"both URLs given", valid(nil), ""},
		{"ORDERS_URL is required", valid(map[string]string{"ORDERS_URL": "<unset>"}), "ORDERS_URL: required but not set"},
		{"AUTH_URL is required", valid(map[string]string{"AUTH_URL": "<unset>"}), "AUTH_URL: required but not set"},
		{"ORDERS_URL must be an http(s) URL", valid(map[string]string{"ORDERS_URL": "orders:8080"}), "ORDERS_URL"},
		{"AUTH_URL must be an http(s) URL", valid(map[string]string{"AUTH_URL": "ftp://auth"}), "AUTH_URL"},
		{"ORDERS_TIMEOUT must be positive", valid(map[string]string{"ORDERS_TIMEOUT": "0s"}), "ORDERS_TIMEOUT"},
		{"ORDERS_TIMEOUT is a duration", valid(map[string]string{"ORDERS_TIMEOUT": "3"}), "ORDERS_TIMEOUT"},
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

// TestTheServiceGraphIsComplete: every dependency of the service's modules is provided,
// contract.Orders included (fx builds the graph without running a constructor).
func TestTheServiceGraphIsComplete(t *testing.T) {
	t.Parallel()
	base, err := config.LoadFrom[config.Base](map[string]string{
		"HTTP_ADDR": "127.0.0.1:0", "DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "payments.db"),
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.LoadFrom[serviceConfig](map[string]string{"AUTH_URL": "http://auth:8080", "ORDERS_URL": "http://orders:8080"})
	if err != nil {
		t.Fatal(err)
	}
	if err := fx.ValidateApp(platform.Options(base, modules(cfg)...)); err != nil {
		t.Fatal(err)
	}
}
