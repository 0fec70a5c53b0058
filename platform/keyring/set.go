// Package keyring keeps secret keys in a context's database, so that every replica signs and
// verifies with the same keys without configuration, and rotates them publish-before-use: a new
// key verifies everywhere before any replica signs with it, and a retired key verifies until
// the last thing it signed has expired.
package keyring

import (
	"slices"
	"time"
)

// Purpose names what a key signs; each purpose has its own generations.
type Purpose string

// The purposes in use: auth's access token signing keys (an Ed25519 seed) and the admin
// panel's cookie keys (an HMAC-SHA256 key of 64 bytes, then an AES-256 key of 32).
const (
	JWTSigning   Purpose = "jwt-signing"
	AdminSession Purpose = "admin-session"
)

// Purposes are every purpose, in the order `keys rotate` rotates them.
var Purposes = []Purpose{JWTSigning, AdminSession}

// SecretSize is how many random bytes a key of the purpose is.
func (p Purpose) SecretSize() int {
	if p == AdminSession {
		return 64 + 32
	}
	return 32 // ed25519.SeedSize
}

// Retention is how long a key is kept after it stopped signing: longer than anything any key
// signs lives (access tokens 15m, admin sessions 12h), so its user decides when it stops
// verifying (Verifying), and the row goes after this.
const Retention = 24 * time.Hour

// Key is one generation of a purpose's key.
type Key struct {
	Generation int
	// Secret is the key's random bytes (Purpose.SecretSize of them).
	Secret    []byte
	CreatedAt time.Time
	// SignsFrom is when the key becomes current for signing; before that it only verifies.
	SignsFrom time.Time
}

// Set is every stored generation of one purpose, oldest first. The timeline is a function of
// the clock, so every replica that holds the same Set switches at the same moment.
type Set []Key

// Signing is the key new signatures use at now: the newest generation whose SignsFrom has
// come. ok is false only for an empty set.
func (s Set) Signing(now time.Time) (Key, bool) {
	for i := len(s) - 1; i >= 0; i-- {
		if !s[i].SignsFrom.After(now) {
			return s[i], true
		}
	}
	if len(s) > 0 { // only future keys (a clock far behind): the oldest is the best guess
		return s[0], true
	}
	return Key{}, false
}

// Verifying lists the keys that verify at now, the signing key first, then the published
// ones not yet signing, then the retired ones still live. A key retires when the next
// generation starts signing and keeps verifying for lifetime after that: the longest life of
// anything it signed.
func (s Set) Verifying(now time.Time, lifetime time.Duration) []Key {
	signing, ok := s.Signing(now)
	if !ok {
		return nil
	}
	keys := []Key{signing}
	for i := len(s) - 1; i >= 0; i-- {
		k := s[i]
		if k.Generation == signing.Generation {
			continue
		}
		if k.Generation > signing.Generation || now.Before(s.retiredAt(i).Add(lifetime)) {
			keys = append(keys, k)
		}
	}
	return keys
}

// Until is the first instant after now at which Signing or Verifying(_, lifetime) may answer
// differently (a generation starts signing, or a retired one stops verifying), or the zero time
// when none is ahead: what a caller derives from them at now holds until then.
func (s Set) Until(now time.Time, lifetime time.Duration) time.Time {
	var until time.Time
	next := func(t time.Time) {
		if t.After(now) && (until.IsZero() || t.Before(until)) {
			until = t
		}
	}
	for i, k := range s {
		next(k.SignsFrom)
		if i+1 < len(s) {
			next(s.retiredAt(i).Add(lifetime))
		}
	}
	return until
}

// retiredAt is when the key at index i stopped signing: when a later generation started.
func (s Set) retiredAt(i int) time.Time {
	if i+1 < len(s) {
		return s[i+1].SignsFrom
	}
	return time.Time{}
}

// Expired lists the generations retired for longer than Retention at now: they can be deleted.
func (s Set) Expired(now time.Time) []int {
	live := s.Verifying(now, Retention)
	var gone []int
	for _, k := range s {
		if !slices.ContainsFunc(live, func(l Key) bool { return l.Generation == k.Generation }) {
			gone = append(gone, k.Generation)
		}
	}
	return gone
}

// Pending is the newest generation when it has not started signing at now.
func (s Set) Pending(now time.Time) (Key, bool) {
	if len(s) == 0 || !s[len(s)-1].SignsFrom.After(now) {
		return Key{}, false
	}
	return s[len(s)-1], true
}

// PublishFor is how long a new key verifies before it signs, for replicas that reload their
// keys every reloadInterval: two intervals, so a replica that missed one reload (a database
// hiccup) still knows the key before anyone signs with it.
func PublishFor(reloadInterval time.Duration) time.Duration { return 2 * reloadInterval }
