package config

import (
	"errors"
	"net"
	"net/netip"
	"regexp"
	"strings"
	"time"
)

// Base is the configuration every binary shares; a context embeds it or reads it from the fx
// graph, and adds its own variables in a type of its own.
type Base struct {
	HTTPAddr    string `env:"HTTP_ADDR" envDefault:":8080"`
	DatabaseURL string `env:"DATABASE_URL" envDefault:"sqlite:./var/shop.db"`
	AutoMigrate bool   `env:"AUTO_MIGRATE" envDefault:"true"`
	// DatabaseReadURL names streaming replicas of DATABASE_URL (comma-separated): the query side
	// reads there when a replica is recent enough (DATABASE_READ_MAX_LAG, read-your-writes).
	DatabaseReadURL    string        `env:"DATABASE_READ_URL"`
	DatabaseReadMaxLag time.Duration `env:"DATABASE_READ_MAX_LAG" envDefault:"5s"`
	// ReadAfterKey signs the X-Read-After header (read-your-writes without CACHE_URL); every
	// replica of the gateway needs the same one. Unset: a key made at start, good for this
	// process only.
	ReadAfterKey string `env:"READ_AFTER_KEY"`

	LogFormat string `env:"LOG_FORMAT" envDefault:"json"`
	LogLevel  string `env:"LOG_LEVEL" envDefault:"info"`
	// LogFlushInterval is the longest a log line waits in the process before it is written
	// (lines go out in batches; an ERROR line at once, the rest when the process stops); 0
	// writes every line at once.
	LogFlushInterval time.Duration `env:"LOG_FLUSH_INTERVAL" envDefault:"100ms"`

	// TrustedProxies are the peers whose X-Forwarded-For is believed; empty trusts nobody.
	TrustedProxies []netip.Prefix `env:"TRUSTED_PROXIES"`
	// HSTS: "auto" sends Strict-Transport-Security on requests that came over HTTPS (through a
	// trusted proxy's X-Forwarded-Proto), "always" on every answer, "off" never.
	HSTS string `env:"HSTS" envDefault:"auto"`
	// RateLimits "off" turns off every per-client limit (registrations, password resets, orders,
	// payments) for load tests and black-box suites; the per-email brute-force rule stays on.
	RateLimits string `env:"RATE_LIMITS" envDefault:"on"`

	// ShutdownDrain is how long SIGTERM keeps serving with /readyz answering 503 before it stops
	// accepting: longer than a load balancer takes to see the 503 and stop sending requests
	// (the shipped HAProxy checks every 2s and gives up after 2 failures; Kubernetes' readiness
	// probe likewise), so no request is sent to a closed port.
	ShutdownDrain     time.Duration `env:"SHUTDOWN_DRAIN" envDefault:"6s"`
	ShutdownGrace     time.Duration `env:"SHUTDOWN_GRACE" envDefault:"15s"`
	ReadHeaderTimeout time.Duration `env:"HTTP_READ_HEADER_TIMEOUT" envDefault:"5s"`
	ReadTimeout       time.Duration `env:"HTTP_READ_TIMEOUT" envDefault:"15s"`
	WriteTimeout      time.Duration `env:"HTTP_WRITE_TIMEOUT" envDefault:"30s"`
	IdleTimeout       time.Duration `env:"HTTP_IDLE_TIMEOUT" envDefault:"60s"`
	// RequestTimeout is every request's deadline: database calls and calls to other services
	// fail past it, and the answer is 503 (504 from the gateway when a service it forwards to
	// does not answer in time).
	RequestTimeout time.Duration `env:"REQUEST_TIMEOUT" envDefault:"10s"`

	// DBPoolMax bounds each context's connections (PostgreSQL pool, SQLite readers); 0 leaves
	// it to the URL's pool_max_conns, else 10. <CONTEXT>_DB_POOL_MAX overrides it (Database).
	DBPoolMax int `env:"DB_POOL_MAX"`
	// DBPoolWait is the longest a transaction waits for a connection before a 503;
	// <CONTEXT>_DB_POOL_WAIT overrides it.
	DBPoolWait time.Duration `env:"DB_POOL_WAIT" envDefault:"3s"`

	// MetricsAddr moves /metrics off the public port onto its own listener when set.
	MetricsAddr string `env:"METRICS_ADDR"`
	// OTLPEndpoint turns on trace export; read here so that nothing else reads the environment.
	OTLPEndpoint string `env:"OTEL_EXPORTER_OTLP_ENDPOINT"`
	// ServiceName is service.name in traces; empty means the binary's name (program.Program.Name).
	ServiceName string `env:"OTEL_SERVICE_NAME"`
	// TraceSampleRatio is the share of new traces sampled (0..1]; a caller's traceparent decides
	// for the requests that carry one.
	TraceSampleRatio float64 `env:"OTEL_TRACES_SAMPLER_ARG" envDefault:"1"`
	// StatementHeader adds the per-request SQL statement count to responses (tests, benchmarks).
	StatementHeader bool `env:"SQL_STATEMENT_HEADER" envDefault:"false"`

	// InstanceName, when set, is sent in an X-Served-By header on every response, so that
	// operators (and tests) see which replica behind a load balancer answered.
	InstanceName string `env:"INSTANCE_NAME"`

	// BrokerURL moves integration events onto NATS JetStream (nats://host:4222); empty keeps
	// them in process.
	BrokerURL string `env:"BROKER_URL"`
	// BrokerStream names the JetStream stream (its subjects are "<lower-case name>.>"), so that
	// several deployments, or test runs, can share one NATS server without seeing each other.
	BrokerStream string `env:"BROKER_STREAM" envDefault:"EVENTS"`
	// OutboxRetention is how long published events and inbox entries are kept before the hourly
	// purge deletes them; longer than the broker keeps events (7 days), so a late redelivery is
	// still recognised.
	OutboxRetention time.Duration `env:"OUTBOX_RETENTION" envDefault:"336h"`

	// KeysReloadInterval is how often a replica reloads the keys kept in the database (auth's
	// signing keys, the admin panel's cookie keys); a rotation publishes a key for two of these
	// before it signs.
	KeysReloadInterval time.Duration `env:"KEYS_RELOAD_INTERVAL" envDefault:"30s"`

	JWTIssuer   string `env:"JWT_ISSUER" envDefault:"modmono"`
	JWTAudience string `env:"JWT_AUDIENCE" envDefault:"modmono-api"`
}

// Validate reports every bad value at once, each named by its variable. Values are never echoed
// for DATABASE_URL, which may hold a password.
func (b Base) Validate() error {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(checkAddr("HTTP_ADDR", b.HTTPAddr, false))
	add(checkAddr("METRICS_ADDR", b.MetricsAddr, true))
	if b.MetricsAddr != "" && b.MetricsAddr == b.HTTPAddr && !strings.HasSuffix(b.MetricsAddr, ":0") {
		add(Errorf("METRICS_ADDR", "must differ from HTTP_ADDR"))
	}
	if !hasAnyPrefix(b.DatabaseURL, "postgres://", "postgresql://", "sqlite:") {
		add(Errorf("DATABASE_URL", "must start with postgres://, postgresql:// or sqlite:"))
	} else if b.DatabaseURL == "sqlite:" {
		add(Errorf("DATABASE_URL", "sqlite: needs a file path, for example sqlite:./var/shop.db"))
	}
	add(checkReadURLs("DATABASE_READ_URL", b.DatabaseReadURL, b.DatabaseURL))
	add(atLeast("DATABASE_READ_MAX_LAG", b.DatabaseReadMaxLag, time.Millisecond))
	if b.ReadAfterKey != "" && len(b.ReadAfterKey) < 32 {
		add(Errorf("READ_AFTER_KEY", "is %d characters: use at least 32 random ones", len(b.ReadAfterKey)))
	}
	if b.BrokerURL != "" && !hasAnyPrefix(b.BrokerURL, "nats://", "tls://") {
		add(Errorf("BROKER_URL", "must start with nats:// (or tls://); empty keeps events in process"))
	}
	if b.OTLPEndpoint != "" && !hasAnyPrefix(b.OTLPEndpoint, "http://", "https://") {
		add(Errorf("OTEL_EXPORTER_OTLP_ENDPOINT", "must start with http:// or https:// (OTLP over HTTP, for example http://collector:4318)"))
	}
	if b.TraceSampleRatio < 0 || b.TraceSampleRatio > 1 {
		add(Errorf("OTEL_TRACES_SAMPLER_ARG", "%v is not a ratio between 0 and 1", b.TraceSampleRatio))
	}
	add(oneOf("LOG_FORMAT", b.LogFormat, "json", "text"))
	add(oneOf("LOG_LEVEL", b.LogLevel, "debug", "info", "warn", "error"))
	add(oneOf("HSTS", b.HSTS, "auto", "always", "off"))
	add(oneOf("RATE_LIMITS", b.RateLimits, "on", "off"))
	if b.LogFlushInterval < 0 || b.LogFlushInterval > 10*time.Second {
		add(Errorf("LOG_FLUSH_INTERVAL", "%s is not between 0 and 10s", b.LogFlushInterval))
	}
	add(atLeast("SHUTDOWN_DRAIN", b.ShutdownDrain, 0))
	add(atLeast("SHUTDOWN_GRACE", b.ShutdownGrace, 0))
	add(atLeast("OUTBOX_RETENTION", b.OutboxRetention, time.Hour))
	add(atLeast("HTTP_READ_HEADER_TIMEOUT", b.ReadHeaderTimeout, time.Millisecond))
	add(atLeast("HTTP_READ_TIMEOUT", b.ReadTimeout, time.Millisecond))
	add(atLeast("HTTP_WRITE_TIMEOUT", b.WriteTimeout, time.Millisecond))
	add(atLeast("HTTP_IDLE_TIMEOUT", b.IdleTimeout, time.Millisecond))
	if b.KeysReloadInterval < time.Second || b.KeysReloadInterval > 10*time.Minute {
		add(Errorf("KEYS_RELOAD_INTERVAL", "%s is outside 1s..10m", b.KeysReloadInterval))
	}
	add(atLeast("REQUEST_TIMEOUT", b.RequestTimeout, time.Millisecond))
	if b.RequestTimeout+CommitMargin > b.WriteTimeout {
		add(Errorf("REQUEST_TIMEOUT", "%s must be below HTTP_WRITE_TIMEOUT (%s) by at least %s, the time a commit decided at the deadline may still take",
			b.RequestTimeout, b.WriteTimeout, CommitMargin))
	}
	if b.DBPoolMax < 0 {
		add(Errorf("DB_POOL_MAX", "%d is negative", b.DBPoolMax))
	}
	add(atLeast("DB_POOL_WAIT", b.DBPoolWait, time.Millisecond))
	if b.InstanceName != "" && !instanceName.MatchString(b.InstanceName) {
		add(Errorf("INSTANCE_NAME", "%q: use 1..64 letters, digits, '.', '_' or '-' (it is sent in a header)", b.InstanceName))
	}
	if strings.TrimSpace(b.JWTIssuer) == "" {
		add(Errorf("JWT_ISSUER", "must not be empty"))
	}
	if strings.TrimSpace(b.JWTAudience) == "" {
		add(Errorf("JWT_AUDIENCE", "must not be empty"))
	}
	return errors.Join(errs...)
}

// CommitMargin is db.CommitTimeout (config imports no database code): a commit sent just before
// the request's deadline may take this long, and its answer must still fit in the write timeout.
const CommitMargin = 5 * time.Second

// Database is a context's own database settings, read with the context's prefix
// (`envPrefix:"AUTH_"` gives AUTH_DATABASE_URL, AUTH_DB_POOL_MAX, AUTH_DB_POOL_WAIT); an unset
// value falls back to the shared one of Base.
type Database struct {
	URL string `env:"DATABASE_URL"`
	// ReadURL names the context's replicas; unset, a context on the shared DATABASE_URL reads
	// from DATABASE_READ_URL, and one on a database of its own reads from that database.
	ReadURL  string        `env:"DATABASE_READ_URL"`
	PoolMax  int           `env:"DB_POOL_MAX"`
	PoolWait time.Duration `env:"DB_POOL_WAIT"`
}

// Validate checks the values; prefix names the variables ("AUTH_").
func (d Database) Validate(prefix string) error {
	var errs []error
	if d.URL != "" && !hasAnyPrefix(d.URL, "postgres://", "postgresql://", "sqlite:") {
		errs = append(errs, Errorf(prefix+"DATABASE_URL", "must start with postgres://, postgresql:// or sqlite:"))
	}
	if d.ReadURL != "" && d.URL != "" {
		errs = append(errs, checkReadURLs(prefix+"DATABASE_READ_URL", d.ReadURL, d.URL))
	}
	if d.PoolMax < 0 {
		errs = append(errs, Errorf(prefix+"DB_POOL_MAX", "%d is negative", d.PoolMax))
	}
	if d.PoolWait < 0 {
		errs = append(errs, Errorf(prefix+"DB_POOL_WAIT", "%s is negative", d.PoolWait))
	}
	return errors.Join(errs...)
}

var instanceName = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

func checkAddr(variable, addr string, optional bool) error {
	if addr == "" && optional {
		return nil
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return Errorf(variable, "%q is not host:port (for example :8080 or 127.0.0.1:8080)", addr)
	}
	return nil
}

// oneOf ignores case: operators write INFO as often as info.
func oneOf(variable, value string, allowed ...string) error {
	for _, a := range allowed {
		if strings.EqualFold(value, a) {
			return nil
		}
	}
	return Errorf(variable, "%q is not one of %s", value, strings.Join(allowed, ", "))
}

func atLeast(variable string, d, least time.Duration) error {
	if d < least {
		return Errorf(variable, "%s is below %s", d, least)
	}
	return nil
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// SplitURLs splits a comma-separated list of database URLs, dropping empty entries.
func SplitURLs(list string) []string {
	var out []string
	for u := range strings.SplitSeq(list, ",") {
		if u = strings.TrimSpace(u); u != "" {
			out = append(out, u)
		}
	}
	return out
}

// checkReadURLs: replicas are PostgreSQL streaming replicas, so the primary must be PostgreSQL.
// URLs are never echoed: they may hold a password.
func checkReadURLs(variable, list, primary string) error {
	urls := SplitURLs(list)
	if len(urls) == 0 {
		return nil
	}
	if strings.HasPrefix(primary, "sqlite:") {
		return Errorf(variable, "read replicas need PostgreSQL, but the database URL is SQLite: unset %s or move the store to PostgreSQL", variable)
	}
	for i, u := range urls {
		if !hasAnyPrefix(u, "postgres://", "postgresql://") {
			return Errorf(variable, "entry %d must start with postgres:// or postgresql://", i+1)
		}
	}
	return nil
}
