package config_test

import (
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/modmono/platform/config"
)

func TestBaseDefaults(t *testing.T) {
	t.Parallel()
	got, err := config.LoadFrom[config.Base](map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	want := config.Base{
		HTTPAddr:          ":8080",
		DatabaseURL:       "sqlite:./var/shop.db",
		AutoMigrate:       true,
		LogFormat:         "json",
		LogLevel:          "info",
		ShutdownDrain:     6 * time.Second,
		ShutdownGrace:     15 * time.Second,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		JWTIssuer:         "modmono",
		JWTAudience:       "modmono-api",
		BrokerStream:      "EVENTS",
		OutboxRetention:   14 * 24 * time.Hour,
		TraceSampleRatio:  1,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("defaults:\n got %+v\nwant %+v", got, want)
	}
}

func TestBaseRejectsEachBadValueByName(t *testing.T) {
	t.Parallel()
	for variable, value := range map[string]string{
		"HTTP_ADDR":                   "8080",
		"DATABASE_URL":                "mysql://root:secret@db/shop",
		"AUTO_MIGRATE":                "sometimes",
		"LOG_FORMAT":                  "xml",
		"LOG_LEVEL":                   "verbose",
		"TRUSTED_PROXIES":             "10.0.0.0/8,proxy.local",
		"SHUTDOWN_GRACE":              "15",
		"SHUTDOWN_DRAIN":              "-1s",
		"INSTANCE_NAME":               "gateway 1\r\nSet-Cookie: x",
		"HTTP_READ_HEADER_TIMEOUT":    "0s",
		"HTTP_READ_TIMEOUT":           "-1s",
		"HTTP_WRITE_TIMEOUT":          "forever",
		"HTTP_IDLE_TIMEOUT":           "1x",
		"METRICS_ADDR":                "metrics",
		"SQL_STATEMENT_HEADER":        "maybe",
		"JWT_ISSUER":                  "  ",
		"JWT_AUDIENCE":                "\t",
		"OTEL_TRACES_SAMPLER_ARG":     "1.5",
		"OTEL_EXPORTER_OTLP_ENDPOINT": "collector:4317",
		"OUTBOX_RETENTION":            "30m",
	} {
		t.Run(variable, func(t *testing.T) {
			t.Parallel()
			_, err := config.LoadFrom[config.Base](map[string]string{variable: value})
			if err == nil {
				t.Fatalf("%s=%q: no error", variable, value)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, variable+": ") || strings.Contains(msg, "\n") {
				t.Fatalf("%s=%q: error %q, want one line starting with %q", variable, value, msg, variable+": ")
			}
		})
	}
}

func TestBaseNeverEchoesTheDatabaseURL(t *testing.T) {
	t.Parallel()
	_, err := config.LoadFrom[config.Base](map[string]string{"DATABASE_URL": "mysql://root:s3cret@db/shop"})
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("err = %v, want an error without the password", err)
	}
}

func TestBaseReportsEveryBadValueAtOnce(t *testing.T) {
	t.Parallel()
	_, err := config.LoadFrom[config.Base](map[string]string{"LOG_FORMAT": "xml", "LOG_LEVEL": "loud"})
	if err == nil || !strings.Contains(err.Error(), "LOG_FORMAT: ") || !strings.Contains(err.Error(), "LOG_LEVEL: ") {
		t.Fatalf("err = %v, want both LOG_FORMAT and LOG_LEVEL named", err)
	}
}

func TestBaseAcceptsValidOverrides(t *testing.T) {
	t.Parallel()
	got, err := config.LoadFrom[config.Base](map[string]string{
		"HTTP_ADDR":            "127.0.0.1:0",
		"DATABASE_URL":         "postgres://shop@localhost/shop",
		"AUTO_MIGRATE":         "false",
		"LOG_FORMAT":           "text",
		"LOG_LEVEL":            "WARN",
		"TRUSTED_PROXIES":      "10.0.0.0/8,127.0.0.1",
		"SHUTDOWN_GRACE":       "2s",
		"SHUTDOWN_DRAIN":       "0s",
		"INSTANCE_NAME":        "gateway-2",
		"HTTP_WRITE_TIMEOUT":   "90s",
		"METRICS_ADDR":         ":9090",
		"SQL_STATEMENT_HEADER": "true",
		"JWT_ISSUER":           "https://auth.example",
		"JWT_AUDIENCE":         "shop",
		"OUTBOX_RETENTION":     "720h",
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.HTTPAddr != "127.0.0.1:0" || got.DatabaseURL != "postgres://shop@localhost/shop" || got.AutoMigrate ||
		got.LogFormat != "text" || got.LogLevel != "WARN" || got.ShutdownGrace != 2*time.Second || got.ShutdownDrain != 0 || got.InstanceName != "gateway-2" ||
		got.WriteTimeout != 90*time.Second || got.MetricsAddr != ":9090" || !got.StatementHeader ||
		got.JWTIssuer != "https://auth.example" || got.JWTAudience != "shop" || got.OutboxRetention != 30*24*time.Hour {
		t.Fatalf("overrides not applied: %+v", got)
	}
	if len(got.TrustedProxies) != 2 || got.TrustedProxies[1] != netip.MustParsePrefix("127.0.0.1/32") {
		t.Fatalf("TrustedProxies = %v, want [10.0.0.0/8 127.0.0.1/32]", got.TrustedProxies)
	}
}

func TestBaseAcceptsEverySupportedDatabaseScheme(t *testing.T) {
	t.Parallel()
	for _, url := range []string{"postgres://h/db", "postgresql://h/db", "sqlite:./var/x.db", "sqlite:/tmp/x.db"} {
		if _, err := config.LoadFrom[config.Base](map[string]string{"DATABASE_URL": url}); err != nil {
			t.Errorf("DATABASE_URL=%s: %v", url, err)
		}
	}
}

func TestBaseRejectsMetricsOnTheAPIAddress(t *testing.T) {
	t.Parallel()
	_, err := config.LoadFrom[config.Base](map[string]string{"HTTP_ADDR": ":9000", "METRICS_ADDR": ":9000"})
	if err == nil || !strings.HasPrefix(err.Error(), "METRICS_ADDR: ") {
		t.Fatalf("err = %v, want METRICS_ADDR named", err)
	}
	if _, err := config.LoadFrom[config.Base](map[string]string{"HTTP_ADDR": "127.0.0.1:0", "METRICS_ADDR": "127.0.0.1:0"}); err != nil {
		t.Fatalf("two ephemeral ports: %v", err)
	}
}
