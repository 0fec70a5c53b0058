package passwords

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/alexedwards/argon2id"
	"golang.org/x/crypto/argon2"

	"github.com/modmono/platform/errs"
)

// BusyRetryAfter is the Retry-After of a refused hash: a queue of a few hashes drains in well
// under a second, so a client that waits this long finds room.
const BusyRetryAfter = time.Second

// Argon2 is the application's PasswordHasher. Each hash holds Params.MemoryKiB for its whole run,
// so at most maxConcurrent run at once; up to the queue's length more wait for a slot (or give
// up with their request), and the rest are refused at once with 503 SERVICE_UNAVAILABLE and
// Retry-After: a flood costs neither memory nor everyone's latency.
type Argon2 struct {
	params  *argon2id.Params
	slots   chan struct{}
	queue   int64 // callers allowed to wait for a slot; negative: no bound
	waiting atomic.Int64
	dummy   string // a hash of a random password, for VerifyDummy
	onShed  func() // told of each refusal past the queue (a metric); may be nil

	// create and compare are the library's functions; tests wrap them to observe concurrency.
	create  func(password string, p *argon2id.Params) (string, error)
	compare func(password, hash string) (bool, error)
}

// Option adjusts an Argon2.
type Option func(*Argon2)

// WithQueue lets at most n callers wait for a slot while all are busy; the next are refused
// (errs Unavailable). Without it waiting is unbounded, which only tests should want.
func WithQueue(n int) Option {
	return func(a *Argon2) { a.queue = int64(n) }
}

// OnShed tells f of every caller refused past the queue, for a metric.
func OnShed(f func()) Option {
	return func(a *Argon2) { a.onShed = f }
}

// NewArgon2 makes a hasher with p (check p.Validate first for production use) allowing
// maxConcurrent hashes at once. Its dummy hash has the same parameters, so VerifyDummy costs
// what Verify costs.
func NewArgon2(p Params, maxConcurrent int, opts ...Option) (*Argon2, error) {
	if err := p.usable(); err != nil {
		return nil, err
	}
	if maxConcurrent < 1 {
		return nil, fmt.Errorf("argon2id: maxConcurrent %d must be at least 1", maxConcurrent)
	}
	a := &Argon2{
		params:  p.library(),
		slots:   make(chan struct{}, maxConcurrent),
		queue:   -1,
		create:  argon2id.CreateHash,
		compare: argon2id.ComparePasswordAndHash,
	}
	for _, o := range opts {
		o(a)
	}
	a.dummy = dummyHash(a.params)
	return a, nil
}

// dummyHash is a hash in the library's encoding, with p, a random salt and a random key: it is
// the hash of no known password, and comparing against it costs what comparing against a real
// one costs (the comparison derives the key from the password, salt and p). Made without running
// argon2, so start-up does not wait for a hash (about 0.3 s on a 2-core machine).
func dummyHash(p *argon2id.Params) string {
	salt, key := make([]byte, p.SaltLength), make([]byte, p.KeyLength)
	_, _ = rand.Read(salt) // crypto/rand.Read never fails
	_, _ = rand.Read(key)
	b64 := base64.RawStdEncoding.EncodeToString
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Iterations, p.Parallelism, b64(salt), b64(key))
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

// VerifyDummy spends a Verify's time (and waits for a slot like one, or is refused like one) on
// the dummy hash, so an unknown email is answered exactly as a known one.
func (a *Argon2) VerifyDummy(ctx context.Context, password string) error {
	if err := a.acquire(ctx); err != nil {
		return err
	}
	defer a.release()
	_, _ = a.compare(password, a.dummy)
	return nil
}

// Admit refuses at once, as a hash past the queue would be, when every slot is busy and the queue
// is full: a caller that would do other work before hashing (a sign-in reads the database
// first) asks here, so that a flood is shed before it costs anything. It reserves nothing; the
// hash itself may still be refused.
func (a *Argon2) Admit() error {
	if a.queue >= 0 && len(a.slots) == cap(a.slots) && a.waiting.Load() >= a.queue {
		if a.onShed != nil {
			a.onShed()
		}
		return errBusy
	}
	return nil
}

// errBusy is the answer past the queue. Its cause names the hasher for the log.
var errBusy = errs.Unavailable("the service is busy signing people in; try again in a moment",
	BusyRetryAfter, fmt.Errorf("argon2id: every hashing slot is busy and the queue is full"))

// acquire takes a free slot, or waits for one if the queue has room, or refuses at once. A
// request that gives up before or while waiting never starts its hash.
func (a *Argon2) acquire(ctx context.Context) error {
	if ctx.Err() != nil {
		return fmt.Errorf("argon2id: request ended before hashing: %w", context.Cause(ctx))
	}
	select {
	case a.slots <- struct{}{}:
		return nil
	default:
	}
	if a.queue >= 0 {
		if a.waiting.Add(1) > a.queue {
			a.waiting.Add(-1)
			if a.onShed != nil {
				a.onShed()
			}
			return errBusy
		}
		defer a.waiting.Add(-1)
	}
	select {
	case a.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("argon2id: request ended while waiting for a hashing slot: %w", context.Cause(ctx))
	}
}

func (a *Argon2) release() { <-a.slots }
