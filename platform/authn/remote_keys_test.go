package authn_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/errs"
)

// jwksServer serves a JWK Set whose keys the test can change, counting the fetches.
type jwksServer struct {
	mu      sync.Mutex
	keys    map[string]ed25519.PublicKey
	down    bool
	fetches atomic.Int64
	*httptest.Server
}

func newJWKSServer(t *testing.T) *jwksServer {
	s := &jwksServer{keys: map[string]ed25519.PublicKey{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		s.fetches.Add(1)
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.down {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		var set struct {
			Keys []map[string]string `json:"keys"`
		}
		for kid, k := range s.keys {
			set.Keys = append(set.Keys, map[string]string{"kty": "OKP", "crv": "Ed25519", "x": base64.RawURLEncoding.EncodeToString(k), "kid": kid})
		}
		_ = json.NewEncoder(w).Encode(set)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *jwksServer) add(t *testing.T, kid string) ed25519.PublicKey {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys[kid] = pub
	return pub
}

func (s *jwksServer) setDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

func newRemote(s *jwksServer, clk clock.Clock) *authn.RemoteKeys {
	return authn.NewRemoteKeys(authn.RemoteKeysConfig{URL: s.URL, Clock: clk, MaxAge: time.Minute, MinInterval: 10 * time.Second})
}

func TestRemoteKeysFindsAKeyAndCachesIt(t *testing.T) {
	t.Parallel()
	srv := newJWKSServer(t)
	want := srv.add(t, "k1")
	keys := newRemote(srv, clock.NewManual(time.Now()))
	for range 3 {
		got, err := keys.PublicKey(context.Background(), "k1")
		if err != nil || !want.Equal(got) {
			t.Fatalf("PublicKey(k1) = %v, %v; want the served key", got, err)
		}
	}
	if n := srv.fetches.Load(); n != 1 {
		t.Fatalf("fetched %d times for three lookups of a cached key, want 1", n)
	}
}

func TestRemoteKeysPicksUpARotatedKeyOnAnUnknownKid(t *testing.T) {
	t.Parallel()
	srv := newJWKSServer(t)
	srv.add(t, "old")
	clk := clock.NewManual(time.Now())
	keys := newRemote(srv, clk)
	if _, err := keys.PublicKey(context.Background(), "old"); err != nil {
		t.Fatal(err)
	}
	rotated := srv.add(t, "new")
	clk.Advance(11 * time.Second) // past MinInterval, well within MaxAge
	got, err := keys.PublicKey(context.Background(), "new")
	if err != nil || !rotated.Equal(got) {
		t.Fatalf("PublicKey(new) after rotation = %v, %v; want the new key", got, err)
	}
}

func TestRemoteKeysBoundsFetchesUnderAFloodOfUnknownKids(t *testing.T) {
	t.Parallel()
	srv := newJWKSServer(t)
	srv.add(t, "k1")
	clk := clock.NewManual(time.Now())
	keys := newRemote(srv, clk)
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Go(func() {
			_, err := keys.PublicKey(context.Background(), "made-up-"+string(rune('a'+i%26)))
			if !errors.Is(err, authn.ErrUnknownKey) {
				t.Errorf("unknown kid: err = %v, want ErrUnknownKey", err)
			}
		})
	}
	wg.Wait()
	if n := srv.fetches.Load(); n != 1 {
		t.Fatalf("200 unknown kids within MinInterval caused %d fetches, want 1", n)
	}
	clk.Advance(11 * time.Second)
	_, _ = keys.PublicKey(context.Background(), "another")
	if n := srv.fetches.Load(); n != 2 {
		t.Fatalf("after MinInterval an unknown kid caused %d fetches in all, want 2", n)
	}
}

func TestRemoteKeysWhenAuthIsDown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		fetchedOnce bool
		wantErrKind errs.Kind
	}{
		{name: "never fetched: unavailable", fetchedOnce: false, wantErrKind: errs.KindUnavailable},
		{name: "fetched before: the stale key still verifies", fetchedOnce: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newJWKSServer(t)
			want := srv.add(t, "k1")
			clk := clock.NewManual(time.Now())
			keys := newRemote(srv, clk)
			if tt.fetchedOnce {
				if _, err := keys.PublicKey(context.Background(), "k1"); err != nil {
					t.Fatal(err)
				}
				clk.Advance(2 * time.Minute) // past MaxAge: the cache is stale
			}
			srv.setDown(true)
			got, err := keys.PublicKey(context.Background(), "k1")
			if tt.fetchedOnce {
				if err != nil || !want.Equal(got) {
					t.Fatalf("stale lookup = %v, %v; want the cached key", got, err)
				}
				return
			}
			if e, ok := errs.As(err); !ok || e.Kind != tt.wantErrKind {
				t.Fatalf("err = %v, want kind %v", err, tt.wantErrKind)
			}
		})
	}
}
