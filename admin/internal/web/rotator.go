package web

import (
	"errors"
	"sync"
	"time"

	"github.com/modmono/admin/internal/apiclient"
	"github.com/modmono/admin/internal/session"
)

// graceWindow is how long a just-rotated refresh token keeps answering with its successor on
// this instance: a browser's parallel requests (two tabs) then share one rotation instead of
// tripping the API's reuse detection, which would revoke the session.
const graceWindow = 20 * time.Second

var errRevoked = errors.New("session ended")

type rotation struct {
	from    string
	to      apiclient.TokenPair
	at      time.Time
	revoked bool
}

// rotator serialises the refresh of each session and remembers the last one briefly.
type rotator struct {
	now  func() time.Time
	mu   sync.Mutex
	last map[string]*rotation // by session id
	lock map[string]*sync.Mutex
}

func newRotator(now func() time.Time) *rotator {
	return &rotator{now: now, last: map[string]*rotation{}, lock: map[string]*sync.Mutex{}}
}

func (r *rotator) sessionLock(id string) *sync.Mutex {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, v := range r.last { // keep the maps small
		if r.now().Sub(v.at) > time.Hour {
			delete(r.last, k)
			delete(r.lock, k)
		}
	}
	l, ok := r.lock[id]
	if !ok {
		l = &sync.Mutex{}
		r.lock[id] = l
	}
	return l
}

func (r *rotator) rotate(s *session.Session, refresh func(string) (apiclient.TokenPair, error)) (apiclient.TokenPair, error) {
	l := r.sessionLock(s.ID)
	l.Lock()
	defer l.Unlock()
	r.mu.Lock()
	prev := r.last[s.ID]
	r.mu.Unlock()
	if prev != nil && prev.revoked {
		return apiclient.TokenPair{}, errRevoked
	}
	if prev != nil && prev.from == s.Refresh && r.now().Sub(prev.at) < graceWindow {
		return prev.to, nil
	}
	pair, err := refresh(s.Refresh)
	if err != nil {
		return pair, err
	}
	r.mu.Lock()
	r.last[s.ID] = &rotation{from: s.Refresh, to: pair, at: r.now()}
	r.mu.Unlock()
	return pair, nil
}

// revoke makes this instance refuse the session at once; the API refuses it everywhere.
func (r *rotator) revoke(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last[id] = &rotation{at: r.now(), revoked: true}
}
