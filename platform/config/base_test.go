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
		HTTPAddr:           ":8080",
		DatabaseURL:        "sqlite:./var/shop.db",
		AutoMigrate:        true,
		DatabaseReadMaxLag: 5 * time.Second,
		LogFormat:          "json",
		LogLevel:           "info",
		LogFlushInterval:   100 * time.Millisecond,
		HSTS:               "auto",
		RateLimits:         "on",
		ShutdownDrain:      6 * time.Second,
		ShutdownGrace:      15 * time.Second,
		ReadHeaderTimeout:  5 * time.Second,
		ReadTimeout:        15 * time.Second,
		WriteTimeout:       30 * time.Second,
		IdleTimeout:        60 * time.Second,
		RequestTimeout:     10 * time.Second,
		DBPoolWait:         3 * time.Second,
		JWTIssuer:          "modmono",
		JWTAudience:        "modmono-api",
		BrokerStream:       "EVENTS",
		OutboxRetention:    14 * 24 * time.Hour,
		TraceSampleRatio:   1,
		KeysReloadInterval: 30 * time.Second,
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
		"DATABASE_READ_URL":           "sqlite:./replica.db",
		"DATABASE_READ_MAX_LAG":       "0s",
		"READ_AFTER_KEY":              "short",
		"AUTO_MIGRATE":                "sometimes",
		"LOG_FORMAT":                  "xml",
		"LOG_LEVEL":                   "verbose",
		"LOG_FLUSH_INTERVAL":          "1m",
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
		"KEYS_RELOAD_INTERVAL":        "500ms",
		"REQUEST_TIMEOUT":             "28s", // too close to HTTP_WRITE_TIMEOUT (30s) for a commit
		"DB_POOL_MAX":                 "-1",
		"DB_POOL_WAIT":                "0s",
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
		"REQUEST_TIMEOUT":      "60s",
		"DB_POOL_MAX":          "25",
		"DB_POOL_WAIT":         "500ms",
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.RequestTimeout != time.Minute || got.DBPoolMax != 25 || got.DBPoolWait != 500*time.Millisecond {
		t.Fatalf("deadline and pool overrides not applied: %+v", got)
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

// Each context reads its own database settings with its prefix, as auth, orders and payments do.
func TestContextDatabaseReadsPrefixedVariables(t *testing.T) {
	t.Parallel()
	type contextConfig struct {
		Database config.Database `envPrefix:"ORDERS_"`
	}
	for _, tc := range []struct {
		name   string
		env    map[string]string
		want   config.Database
		badVar string
	}{
		{"unset falls back to the shared values", map[string]string{"DB_POOL_MAX": "7"}, config.Database{}, ""},
		{"own values", map[string]string{"ORDERS_DATABASE_URL": "sqlite:x.db", "ORDERS_DB_POOL_MAX": "3", "ORDERS_DB_POOL_WAIT": "250ms"},
			config.Database{URL: "sqlite:x.db", PoolMax: 3, PoolWait: 250 * time.Millisecond}, ""},
		{"negative pool", map[string]string{"ORDERS_DB_POOL_MAX": "-2"}, config.Database{PoolMax: -2}, "ORDERS_DB_POOL_MAX"},
		{"negative wait", map[string]string{"ORDERS_DB_POOL_WAIT": "-1s"}, config.Database{PoolWait: -time.Second}, "ORDERS_DB_POOL_WAIT"},
		{"bad URL", map[string]string{"ORDERS_DATABASE_URL": "mysql://x"}, config.Database{URL: "mysql://x"}, "ORDERS_DATABASE_URL"},
		{"replicas of PostgreSQL", map[string]string{"ORDERS_DATABASE_URL": "postgres://p/db", "ORDERS_DATABASE_READ_URL": "postgres://r1/db, postgres://r2/db"},
			config.Database{URL: "postgres://p/db", ReadURL: "postgres://r1/db, postgres://r2/db"}, ""},
		{"replicas of SQLite", map[string]string{"ORDERS_DATABASE_URL": "sqlite:x.db", "ORDERS_DATABASE_READ_URL": "postgres://r/db"},
			config.Database{URL: "sqlite:x.db", ReadURL: "postgres://r/db"}, "ORDERS_DATABASE_READ_URL"},
		{"a replica that is not PostgreSQL", map[string]string{"ORDERS_DATABASE_URL": "postgres://p/db", "ORDERS_DATABASE_READ_URL": "postgres://r/db,mysql://r"},
			config.Database{URL: "postgres://p/db", ReadURL: "postgres://r/db,mysql://r"}, "ORDERS_DATABASE_READ_URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := config.LoadFrom[contextConfig](tc.env)
			if err != nil {
				t.Fatal(err)
			}
			if got.Database != tc.want {
				t.Fatalf("got %+v, want %+v", got.Database, tc.want)
			}
			err = got.Database.Validate("ORDERS_")
			if (err != nil) != (tc.badVar != "") || (err != nil && !strings.HasPrefix(err.Error(), tc.badVar+": ")) {
				t.Fatalf("Validate = %v, want an error naming %q", err, tc.badVar)
			}
		})
	}
}

func TestReadReplicasOfTheDefaultSQLiteStoreAreRefusedByName(t *testing.T) {
	t.Parallel()
	_, err := config.LoadFrom[config.Base](map[string]string{"DATABASE_READ_URL": "postgres://replica/shop"})
	if err == nil || !strings.HasPrefix(err.Error(), "DATABASE_READ_URL: read replicas need PostgreSQL") {
		t.Fatalf("err = %v, want DATABASE_READ_URL refused on SQLite", err)
	}
	b, err := config.LoadFrom[config.Base](map[string]string{"DATABASE_URL": "postgres://primary/shop", "DATABASE_READ_URL": "postgres://replica/shop"})
	if err != nil || b.DatabaseReadMaxLag != 5*time.Second {
		t.Fatalf("replicas of PostgreSQL: %+v, %v; want accepted with a 5s lag bound", b.DatabaseReadMaxLag, err)
	}
}
