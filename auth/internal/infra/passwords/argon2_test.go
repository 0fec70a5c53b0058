package passwords

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"github.com/modmono/platform/errs"
)

func newTestHasher(t *testing.T, maxConcurrent int) *Argon2 {
	t.Helper()
	a, err := NewArgon2(TestParams(), maxConcurrent)
	if err != nil {
		t.Fatalf("NewArgon2: %v", err)
	}
	return a
}

func TestHashThenVerify(t *testing.T) {
	t.Parallel()
	a := newTestHasher(t, 2)
	ctx := context.Background()
	const password = "correct horse battery staple ☃"
	hash, err := a.Hash(ctx, password)
	if err != nil {
		t.Fatalf("Hash: %v", err)
	}
	if strings.Contains(hash, password) {
		t.Fatalf("hash %q holds the password", hash)
	}
	tests := []struct {
		name     string
		password string
		want     bool
	}{
		{"the same password matches", password, true},
		{"a wrong password does not", "correct horse battery stapl", false},
		{"a longer password does not (no truncation)", password + "!", false},
		{"case matters", strings.ToUpper(password), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := a.Verify(ctx, tc.password, hash)
			if err != nil || got != tc.want {
				t.Fatalf("Verify = %v, %v; want %v, nil", got, err, tc.want)
			}
		})
	}
}

func TestHashesDiffer(t *testing.T) {
	t.Parallel()
	a := newTestHasher(t, 1)
	h1, _ := a.Hash(context.Background(), "same password twice")
	h2, _ := a.Hash(context.Background(), "same password twice")
	if h1 == h2 {
		t.Fatalf("two hashes of one password are equal (%q): the salt is not random", h1)
	}
}

func TestHashRecordsItsParams(t *testing.T) {
	t.Parallel()
	p := Params{MemoryKiB: 128, Iterations: 3, Parallelism: 2, SaltLength: 16, KeyLength: 32}
	a, err := NewArgon2(p, 1)
	if err != nil {
		t.Fatalf("NewArgon2: %v", err)
	}
	hash, err := a.Hash(context.Background(), "a password of some length")
	if err != nil {
		t.Fatalf("Hash: %v", err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=128,t=3,p=2$") {
		t.Fatalf("hash %q does not start with the argon2id parameters m=128,t=3,p=2", hash)
	}
	got, salt, key, err := argon2id.DecodeHash(hash)
	if err != nil {
		t.Fatalf("DecodeHash: %v", err)
	}
	if *got != *p.library() || len(salt) != 16 || len(key) != 32 {
		t.Fatalf("decoded %+v, salt %d, key %d bytes; want %+v, 16, 32", *got, len(salt), len(key), p)
	}
}

func TestVerifyRejectsAHashThatIsNotArgon2id(t *testing.T) {
	t.Parallel()
	a := newTestHasher(t, 1)
	ok, err := a.Verify(context.Background(), "whatever password", "$2a$10$notargon")
	if ok || err == nil {
		t.Fatalf("Verify = %v, %v; want false and an error", ok, err)
	}
}

func TestVerifyDummyUsesTheSameParams(t *testing.T) {
	t.Parallel()
	a := newTestHasher(t, 1)
	got, _, _, err := argon2id.DecodeHash(a.dummy)
	if err != nil || *got != *a.params {
		t.Fatalf("dummy hash params = %+v (%v); want %+v", got, err, *a.params)
	}
	if err := a.VerifyDummy(context.Background(), "any password at all"); err != nil {
		t.Fatal(err)
	}
	if ok, err := argon2id.ComparePasswordAndHash("any password at all", a.dummy); ok || err != nil {
		t.Fatalf("comparing with the dummy hash = %v, %v; want a plain mismatch", ok, err)
	}
	if other := newTestHasher(t, 1); other.dummy == a.dummy {
		t.Fatal("two hashers share a dummy hash: its salt and key are not random")
	}
}

func TestConcurrentHashesAreBounded(t *testing.T) {
	t.Parallel()
	const limit, callers = 3, 12
	a := newTestHasher(t, limit)
	var running, peak atomic.Int32
	enter := func() func() {
		raiseTo(&peak, running.Add(1))
		time.Sleep(20 * time.Millisecond) // long enough for the other callers to pile up
		return func() { running.Add(-1) }
	}
	create, compare := a.create, a.compare
	a.create = func(pw string, p *argon2id.Params) (string, error) { defer enter()(); return create(pw, p) }
	a.compare = func(pw, h string) (bool, error) { defer enter()(); return compare(pw, h) }

	hash, _ := a.Hash(context.Background(), "a password to verify")
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() {
			switch i % 3 {
			case 0:
				_, _ = a.Hash(context.Background(), "another password")
			case 1:
				_, _ = a.Verify(context.Background(), "a password to verify", hash)
			default:
				_ = a.VerifyDummy(context.Background(), "unknown user password")
			}
		})
	}
	wg.Wait()
	if got := peak.Load(); got != limit {
		t.Fatalf("peak concurrent hashes = %d; want exactly the limit %d", got, limit)
	}
}

func TestCancelledWhileWaitingForASlot(t *testing.T) {
	t.Parallel()
	a := newTestHasher(t, 1)
	a.slots <- struct{}{} // the only slot is busy
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := a.Hash(ctx, "a password that must wait")
		done <- err
	}()
	time.Sleep(10 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Hash error = %v; want one wrapping context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Hash kept waiting after its context was cancelled")
	}
	if _, err := a.Verify(ctx, "x", a.dummy); !errors.Is(err, context.Canceled) {
		t.Fatalf("Verify on a cancelled context = %v; want context.Canceled", err)
	}
}

// TestPastTheQueueCallersAreRefusedAtOnce: with the slot and the queue full, every method is
// refused with 503 and Retry-After without waiting; a caller gets in again once room is made.
func TestPastTheQueueCallersAreRefusedAtOnce(t *testing.T) {
	t.Parallel()
	var shed atomic.Int32
	a, err := NewArgon2(TestParams(), 1, WithQueue(1), OnShed(func() { shed.Add(1) }))
	if err != nil {
		t.Fatal(err)
	}
	a.slots <- struct{}{} // the only slot is busy
	waiterCtx, stopWaiter := context.WithCancel(context.Background())
	waiter := make(chan error, 1)
	go func() { _, err := a.Hash(waiterCtx, "waits in the queue"); waiter <- err }()
	for a.waiting.Load() != 1 {
		time.Sleep(time.Millisecond)
	}
	calls := map[string]func() error{
		"Hash":        func() error { _, err := a.Hash(context.Background(), "p"); return err },
		"Verify":      func() error { _, err := a.Verify(context.Background(), "p", a.dummy); return err },
		"VerifyDummy": func() error { return a.VerifyDummy(context.Background(), "p") },
	}
	calls["Admit"] = a.Admit
	for name, call := range calls {
		e, ok := errs.As(call())
		if !ok || e.Kind != errs.KindUnavailable || e.RetryAfter != BusyRetryAfter {
			t.Errorf("%s past the queue = %v; want errs Unavailable with Retry-After %s", name, e, BusyRetryAfter)
		}
	}
	if n := shed.Load(); n != int32(len(calls)) {
		t.Errorf("OnShed told of %d refusals; want %d", n, len(calls))
	}
	stopWaiter()
	if err := <-waiter; !errors.Is(err, context.Canceled) {
		t.Fatalf("the waiter ended with %v; want its cancellation", err)
	}
	a.release()
	if err := a.VerifyDummy(context.Background(), "p"); err != nil {
		t.Fatalf("with room again: %v", err)
	}
}

// raiseTo sets peak to n if n is higher, safely against concurrent callers.
func raiseTo(peak *atomic.Int32, n int32) {
	for {
		p := peak.Load()
		if n <= p || peak.CompareAndSwap(p, n) {
			return
		}
	}
}
