package platform

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/modmono/platform/db"
)

// poolStats is one engine's pool at one instant, whichever driver is behind it.
type poolStats struct {
	open, inUse float64
	waits       float64
	waitSeconds float64
}

func statsOf(e *db.Engine) poolStats {
	if pool := e.Pool(); pool != nil {
		s := pool.Stat()
		return poolStats{
			open:        float64(s.TotalConns()),
			inUse:       float64(s.AcquiredConns()),
			waits:       float64(s.EmptyAcquireCount()),
			waitSeconds: s.EmptyAcquireWaitTime().Seconds(),
		}
	}
	s := e.DB().Stats()
	return poolStats{
		open:        float64(s.OpenConnections),
		inUse:       float64(s.InUse),
		waits:       float64(s.WaitCount),
		waitSeconds: s.WaitDuration.Seconds(),
	}
}

// poolCollector reports the connection pools of one context's engines at each scrape:
// pgxpool.Stat on PostgreSQL, sql.DBStats on SQLite. The engine label is "write" and, when the
// reads have engines of their own (SQLite, a replica), "read".
type poolCollector struct {
	engines                        map[string]*db.Engine // by engine label
	open, inUse, waits, waitSecond *prometheus.Desc
}

func newPoolCollector(contextName string, engines *db.Engines) *poolCollector {
	labels := prometheus.Labels{"context": contextName}
	desc := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc(name, help, []string{"engine"}, labels)
	}
	byLabel := map[string]*db.Engine{"write": engines.Write}
	if engines.Read != engines.Write {
		byLabel["read"] = engines.Read
	}
	return &poolCollector{
		engines:    byLabel,
		open:       desc("db_pool_open_connections", "Connections the pool holds, in use or idle."),
		inUse:      desc("db_pool_in_use", "Connections running a statement or a transaction."),
		waits:      desc("db_pool_wait_count_total", "Times a caller waited for a free connection."),
		waitSecond: desc("db_pool_wait_seconds_total", "Time callers spent waiting for a free connection."),
	}
}

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.open
	ch <- c.inUse
	ch <- c.waits
	ch <- c.waitSecond
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	for label, e := range c.engines {
		s := statsOf(e)
		ch <- prometheus.MustNewConstMetric(c.open, prometheus.GaugeValue, s.open, label)
		ch <- prometheus.MustNewConstMetric(c.inUse, prometheus.GaugeValue, s.inUse, label)
		ch <- prometheus.MustNewConstMetric(c.waits, prometheus.CounterValue, s.waits, label)
		ch <- prometheus.MustNewConstMetric(c.waitSecond, prometheus.CounterValue, s.waitSeconds, label)
	}
}
