package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/modmono/auth/internal/infra/passwords"
)

// TestLoginFloodIsShedWithBoundedMemory: 200 sign-ins at once against production argon2id costs
// (19 MiB per hash) with 2 hashers and a queue of 2. Those past the queue are answered 503
// SERVICE_UNAVAILABLE with Retry-After at once; the rest sign in (a correct password never
// counts toward the per-email limit, so none is 429); and the heap stays within a small multiple
// of what the hashers may hold, where 200 unbounded hashes would need 3.8 GB.
//
// Not parallel on purpose: the package's parallel tests wait while it runs, so the heap it
// measures is its own.
func TestLoginFloodIsShedWithBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("hashes with production argon2id costs")
	}
	const (
		flood, hashers, queue = 200, 2, 2
		hashMiB               = 19
	)
	hasher, err := passwords.NewArgon2(passwords.DefaultParams(), hashers, passwords.WithQueue(queue))
	if err != nil {
		t.Fatal(err)
	}
	a := newAPIWith(t, hasher)
	a.register(t, "ann@example.com")
	srv := httptest.NewServer(a.handler)
	t.Cleanup(srv.Close)

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stopSampling:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()

	type answer struct {
		status           int
		retryAfter, code string
	}
	answers := make(chan answer, flood)
	start := make(chan struct{})
	var wg sync.WaitGroup
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: flood}, Timeout: 2 * time.Minute}
	for range flood {
		wg.Go(func() {
			<-start
			resp, err := client.Post(srv.URL+"/api/v1/auth/login", "application/json",
				strings.NewReader(`{"email":"ann@example.com","password":"`+goodPassword+`"}`))
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			var p struct{ Code string }
			body, _ := io.ReadAll(resp.Body)
			_ = json.Unmarshal(body, &p)
			answers <- answer{resp.StatusCode, resp.Header.Get("Retry-After"), p.Code}
		})
	}
	close(start)
	wg.Wait()
	close(stopSampling)
	<-sampled
	close(answers)

	counts := map[int]int{}
	for a := range answers {
		counts[a.status]++
		if a.status == http.StatusServiceUnavailable && (a.retryAfter == "" || a.code != "SERVICE_UNAVAILABLE") {
			t.Errorf("a shed sign-in: Retry-After %q, code %q; want Retry-After and SERVICE_UNAVAILABLE", a.retryAfter, a.code)
		}
	}
	if counts[http.StatusServiceUnavailable] == 0 || counts[http.StatusOK] == 0 || counts[http.StatusOK]+counts[http.StatusServiceUnavailable] != flood {
		t.Fatalf("answers %v; want only 200 and 503, some of each", counts)
	}
	grown := int64(peak.Load()) - int64(before.HeapInuse)
	limit := int64(8 * hashers * hashMiB << 20) // the hashers' memory, with room for GC slack and 200 requests
	t.Logf("answers %v; heap in use %d MiB before, peak %d MiB (grew %d MiB, limit %d MiB)",
		counts, before.HeapInuse>>20, peak.Load()>>20, grown>>20, limit>>20)
	if grown > limit {
		t.Fatalf("the heap grew by %d MiB during the flood; want at most %d MiB", grown>>20, limit>>20)
	}
}
