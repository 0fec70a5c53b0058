package idempotency_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/modmono/platform/idempotency"
)

// Twenty clients race the same request over two instances sharing one store: exactly one runs,
// the others are told it is in progress or get its answer replayed.
func TestParallelRequestsWithOneKeyRunOnce(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, f *fixture) {
		second := f.addInstance(openAgain(t, f.engines))
		const n = 20
		recs := make([]*httptest.ResponseRecorder, n)
		var wg sync.WaitGroup
		for i := range n {
			e := f.instances[0]
			if i%2 == 1 {
				e = second
			}
			wg.Go(func() { recs[i] = f.doOn(e, withKey("/things", "race-key", `{"amount": 1999}`)) })
		}
		wg.Wait()

		if runs := f.handlers.count("/things"); runs != 1 {
			t.Fatalf("the handler ran %d times, want 1", runs)
		}
		var original *httptest.ResponseRecorder
		var replays []*httptest.ResponseRecorder
		for _, rec := range recs {
			switch {
			case rec.Code == http.StatusConflict:
				if code := problemCode(t, rec, http.StatusConflict); code != idempotency.CodeKeyInUse {
					t.Errorf("409 with code %q, want %q", code, idempotency.CodeKeyInUse)
				}
			case rec.Code == http.StatusCreated && rec.Header().Get(idempotency.HeaderReplayed) == "true":
				replays = append(replays, rec)
			case rec.Code == http.StatusCreated && original == nil:
				original = rec
			default:
				t.Errorf("unexpected answer: status %d, replayed %q, body %s", rec.Code, rec.Header().Get(idempotency.HeaderReplayed), rec.Body)
			}
		}
		if original == nil {
			t.Fatal("no request got the original answer")
		}
		for _, r := range replays {
			if !bytes.Equal(r.Body.Bytes(), original.Body.Bytes()) {
				t.Errorf("a replay differs from the original:\n%s\n%s", r.Body, original.Body)
			}
		}
	})
}

// While the first request runs, a retry is 409; once its lease ran out (its process presumed
// dead), a retry takes the key over and runs the handler again, and the late first run can no
// longer overwrite the answer stored by the takeover. The lease runs out by the database's
// clock, so this instance's own (manual) clock standing still changes nothing.
func TestInFlightKeyIsInUseUntilItsLeaseRunsOut(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, f *fixture) {
		const shortLease = 700 * time.Millisecond
		e := f.addInstanceWithLease(f.engines, shortLease)
		retry := withKey("/gate", "gate-key", `{}`)
		firstDone := make(chan *httptest.ResponseRecorder)
		go func() { firstDone <- f.doOn(e, retry) }()
		<-f.handlers.entered

		if code := problemCode(t, f.doOn(e, retry), http.StatusConflict); code != idempotency.CodeKeyInUse {
			t.Errorf("retry while in flight: code %q, want %q", code, idempotency.CodeKeyInUse)
		}
		f.clk.Advance(time.Hour) // the process clock does not decide the lease
		if code := problemCode(t, f.doOn(e, retry), http.StatusConflict); code != idempotency.CodeKeyInUse {
			t.Errorf("retry with the process clock an hour on: code %q, want %q", code, idempotency.CodeKeyInUse)
		}
		if code := problemCode(t, f.doOn(e, withKey("/gate", "gate-key", `{"other": 1}`)), http.StatusUnprocessableEntity); code != idempotency.CodeKeyReused {
			t.Errorf("another request while in flight: code %q, want %q", code, idempotency.CodeKeyReused)
		}

		time.Sleep(shortLease)
		var takeover *httptest.ResponseRecorder
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			takeover = f.doOn(e, retry)
			if takeover.Code != http.StatusConflict || time.Now().After(deadline) {
				break
			}
		}
		if takeover.Code != http.StatusCreated || takeover.Header().Get(idempotency.HeaderReplayed) != "" {
			t.Fatalf("retry after the lease: status %d, replayed %q; want a fresh 201", takeover.Code, takeover.Header().Get(idempotency.HeaderReplayed))
		}
		if runs := f.handlers.count("/gate"); runs != 2 {
			t.Errorf("the handler ran %d times, want 2 (first run and takeover)", runs)
		}

		close(f.handlers.gate)
		if first := <-firstDone; first.Code != http.StatusCreated {
			t.Errorf("the late first run answered %d, want its own 201", first.Code)
		}
		replayed := f.doOn(e, retry)
		if !bytes.Equal(replayed.Body.Bytes(), takeover.Body.Bytes()) || replayed.Header().Get(idempotency.HeaderReplayed) != "true" {
			t.Errorf("later retry got %s (replayed %q), want the takeover's answer %s",
				replayed.Body, replayed.Header().Get(idempotency.HeaderReplayed), takeover.Body)
		}
	})
}
