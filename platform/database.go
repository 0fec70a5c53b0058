package platform

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/fx"

	"github.com/modmono/platform/config"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/health"
)

// Database describes one context's store, for OpenDatabase.
type Database struct {
	// Context names the store: the PostgreSQL schema and the SQLite file suffix.
	Context string
	// URL points the context at its own database; empty means the shared DATABASE_URL.
	URL string
	// ReadURL names the context's own replicas (comma-separated); empty means DATABASE_READ_URL
	// when URL is empty too, else none. ReadVar names its variable in error messages.
	ReadURL, ReadVar string
	// PoolMax and PoolWait override DB_POOL_MAX and DB_POOL_WAIT for this context when set.
	PoolMax  int
	PoolWait time.Duration
	// Migrate brings the schema up to date; it runs at start unless AUTO_MIGRATE=false.
	Migrate func(ctx context.Context, e *db.Engine) error
	// Metrics, when set, gets the pools' statistics (db_pool_*{context,engine}): the platform's
	// prometheus.Registerer from the graph.
	Metrics prometheus.Registerer
	// Settings are PostgreSQL run-time parameters of every connection to the primary
	// (db.Config.Settings).
	Settings map[string]string
}

// ReplicaReads records whether any store of the process reads from streaming replicas: only
// then do requests need read-your-writes tracking, which the server installs accordingly. Every
// store is opened before the server is built, since the routes it serves need them.
type ReplicaReads struct{ used atomic.Bool }

// openTimeout bounds connecting and migrating, so a database that does not answer fails the
// start with a message instead of hanging it.
const openTimeout = 30 * time.Second

// OpenDatabase opens a context's read and write engines, migrates them unless AUTO_MIGRATE is
// false, closes them when the app stops, and returns the readiness check that pings them.
// Every context calls it the same way from its fx module.
func OpenDatabase(lc fx.Lifecycle, base config.Base, d Database) (*db.Engines, health.Check, error) {
	url, readURL, readVar := d.URL, d.ReadURL, cmp.Or(d.ReadVar, "DATABASE_READ_URL")
	if url == "" {
		url = base.DatabaseURL
		if readURL == "" {
			readURL, readVar = base.DatabaseReadURL, "DATABASE_READ_URL"
		}
	}
	readURLs := config.SplitURLs(readURL)
	if len(readURLs) > 0 && strings.HasPrefix(url, "sqlite:") {
		return nil, health.Check{}, config.Errorf(readVar, "read replicas need PostgreSQL, but the %s database is SQLite: unset %s or move the store to PostgreSQL", d.Context, readVar)
	}
	ctx, cancel := context.WithTimeout(context.Background(), openTimeout)
	defer cancel()
	var observer db.ReadObserver
	if d.Metrics != nil && len(readURLs) > 0 {
		o, err := newReadMetrics(d.Context, d.Metrics)
		if err != nil {
			return nil, health.Check{}, fmt.Errorf("%s database metrics: %w", d.Context, err)
		}
		observer = o
		lc.Append(fx.StopHook(o.unregister))
	}
	engines, err := db.Open(ctx, db.Config{URL: url, Context: d.Context,
		MaxConns: cmp.Or(d.PoolMax, base.DBPoolMax), PoolWait: cmp.Or(d.PoolWait, base.DBPoolWait),
		ReadURLs: readURLs, MaxLag: base.DatabaseReadMaxLag, ReadObserver: observer, Settings: d.Settings})
	if err != nil {
		return nil, health.Check{}, fmt.Errorf("%s database: %w", d.Context, err)
	}
	if base.AutoMigrate && d.Migrate != nil {
		if err := d.Migrate(ctx, engines.Write); err != nil {
			engines.Close()
			return nil, health.Check{}, fmt.Errorf("%s migrations: %w", d.Context, err)
		}
	}
	if d.Metrics != nil {
		collector := newPoolCollector(d.Context, engines)
		if err := d.Metrics.Register(collector); err != nil {
			engines.Close()
			return nil, health.Check{}, fmt.Errorf("%s database metrics: %w", d.Context, err)
		}
		lc.Append(fx.StopHook(func() { d.Metrics.Unregister(collector) }))
	}
	lc.Append(fx.StopHook(engines.Close))
	return engines, health.Check{Name: d.Context + "-database", Ping: engines.Ping}, nil
}
