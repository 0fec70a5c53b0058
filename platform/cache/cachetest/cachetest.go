// Package cachetest gives a test its own cache on the real Redis: a random key prefix per test,
// its keys deleted when the test ends. Without a reachable Redis the test is skipped, or fails
// under CI=true, as platform/dbtest does for PostgreSQL.
package cachetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/rueidis"

	"github.com/modmono/platform/cache"
)

// URL is the Redis the tests use: CACHE_TEST_URL, else the local one.
func URL() string {
	if u := os.Getenv("CACHE_TEST_URL"); u != "" {
		return u
	}
	return "redis://127.0.0.1:6379/0"
}

// Config is a configuration on the test Redis with the defaults and a prefix of the test's own.
func Config(t testing.TB) cache.Config {
	t.Helper()
	Require(t)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	cfg := cache.Config{URL: URL(), Timeout: 500 * time.Millisecond, TTL: 10 * time.Minute,
		NotFoundTTL: 5 * time.Second, Prefix: "test:" + hex.EncodeToString(b) + ":"}
	DeleteWhenDone(t, cfg.Prefix)
	return cfg
}

// DeleteWhenDone deletes the keys under prefix from the test Redis when the test ends, for a
// test that hands its prefix to a process of its own (CACHE_PREFIX).
func DeleteWhenDone(t testing.TB, prefix string) {
	t.Cleanup(func() { deleteKeys(t, prefix) })
}

// Open opens a cache on cfg (from Config, possibly changed) with reg for its metrics, closed when
// the test ends.
func Open(t testing.TB, cfg cache.Config, reg prometheus.Registerer) *cache.Cache {
	t.Helper()
	c, err := cache.Open(cfg, reg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// Require skips the test (fails it under CI=true) when the test Redis does not answer.
func Require(t testing.TB) {
	t.Helper()
	u, err := url.Parse(URL())
	if err != nil {
		t.Fatalf("CACHE_TEST_URL: %v", err)
	}
	conn, err := net.DialTimeout("tcp", u.Host, time.Second)
	if err == nil {
		conn.Close()
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("Redis not reachable at %s (CI=true, so this fails instead of skipping): %v", u.Host, err)
	}
	t.Skipf("Redis not reachable at %s: skipping (set CI=true to fail instead): %v", u.Host, err)
}

func deleteKeys(t testing.TB, prefix string) {
	opt, err := rueidis.ParseURL(URL())
	if err != nil {
		return
	}
	opt.DisableCache = true
	client, err := rueidis.NewClient(opt)
	if err != nil {
		return
	}
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var cursor uint64
	for {
		entry, err := client.Do(ctx, client.B().Scan().Cursor(cursor).Match(prefix+"*").Count(1000).Build()).AsScanEntry()
		if err != nil {
			t.Logf("cachetest: cleaning %s*: %v", prefix, err)
			return
		}
		if len(entry.Elements) > 0 {
			client.Do(ctx, client.B().Del().Key(entry.Elements...).Build())
		}
		if cursor = entry.Cursor; cursor == 0 {
			return
		}
	}
}

// Counter sums the series of name whose labels include want.
func Counter(t testing.TB, reg *prometheus.Registry, name string, want map[string]string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
	metric:
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			for k, v := range want {
				if labels[k] != v {
					continue metric
				}
			}
			sum += m.GetCounter().GetValue()
		}
	}
	return sum
}

// Eventually polls cond for up to 2 s: another client's invalidation reaches a process's memory
// asynchronously (a push from Redis), so a second replica sees it shortly after the first.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("not within 2 s: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
