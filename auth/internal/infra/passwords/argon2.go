package passwords

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/alexedwards/argon2id"
)

// Argon2 is the application's PasswordHasher. Each hash holds Params.MemoryKiB for its whole run,
// so at most maxConcurrent run at once; the rest wait (or give up with their request).
type Argon2 struct {
	params *argon2id.Params
	slots  chan struct{}
	dummy  string // a hash of a random password, for VerifyDummy

	// create and compare are the library's functions; tests wrap them to observe concurrency.
	create  func(password string, p *argon2id.Params) (string, error)
	compare func(password, hash string) (bool, error)
}

// NewArgon2 makes a hasher with p (check p.Validate first for production use) allowing
// maxConcurrent hashes at once. It computes the dummy hash now, with the same parameters, so
// VerifyDummy costs what Verify costs.
func NewArgon2(p Params, maxConcurrent int) (*Argon2, error) {
	if err := p.usable(); err != nil {
		return nil, err
	}
	if maxConcurrent < 1 {
		return nil, fmt.Errorf("argon2id: maxConcurrent %d must be at least 1", maxConcurrent)
	}
	a := &Argon2{
		params:  p.library(),
		slots:   make(chan struct{}, maxConcurrent),
		create:  argon2id.CreateHash,
		compare: argon2id.ComparePasswordAndHash,
	}
	dummy, err := a.create(rand.Text(), a.params)
	if err != nil {
		return nil, fmt.Errorf("argon2id: dummy hash: %w", err)
	}
	a.dummy = dummy
	return a, nil
}

func (a *Argon2) Hash(ctx context.Context, password string) (string, error) {
	if err := a.acquire(ctx); err != nil {
		return "", err
	}
	defer a.release()
	h, err := a.create(password, a.params)
	if err != nil {
		return "", fmt.Errorf("argon2id: hash: %w", err)
	}
	return h, nil
}

// Verify reports whether password matches hash; a hash that is not argon2id is an error, not a
// mismatch, so corrupt data is noticed.
func (a *Argon2) Verify(ctx context.Context, password, hash string) (bool, error) {
	if err := a.acquire(ctx); err != nil {
		return false, err
	}
	defer a.release()
	ok, err := a.compare(password, hash)
	if err != nil {
		return false, fmt.Errorf("argon2id: verify: %w", err)
	}
	return ok, nil
}

// VerifyDummy spends a Verify's time (and waits for a slot like one) on the dummy hash.
func (a *Argon2) VerifyDummy(ctx context.Context, password string) {
	if a.acquire(ctx) != nil {
		return
	}
	defer a.release()
	_, _ = a.compare(password, a.dummy)
}

// acquire waits for a free slot; a request that gives up before or while waiting never starts
// its hash.
func (a *Argon2) acquire(ctx context.Context) error {
	if ctx.Err() != nil {
		return fmt.Errorf("argon2id: request ended before hashing: %w", context.Cause(ctx))
	}
	select {
	case a.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("argon2id: request ended while waiting for a hashing slot: %w", context.Cause(ctx))
	}
}

func (a *Argon2) release() { <-a.slots }
