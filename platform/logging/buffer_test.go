package logging_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modmono/platform/logging"
)

// syncWriter records every Write it receives, as a pipe to a log collector would.
type syncWriter struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	writes int
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writes++
	return w.buf.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func TestBufferedLoggerWritesEveryLineWholeByClose(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"json", "text"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			out := &syncWriter{}
			// An hour: only fullness and Close may flush here.
			logger, buf := logging.NewBuffered(format, "info", out, time.Hour)
			const writers, each = 8, 500
			var wg sync.WaitGroup
			for w := range writers {
				wg.Go(func() {
					for i := range each {
						logger.Info("http request", "writer", w, "i", i, "pad", strings.Repeat("x", 100))
					}
				})
			}
			wg.Wait()
			if err := buf.Close(); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if len(lines) != writers*each {
				t.Fatalf("%d lines after Close, want %d", len(lines), writers*each)
			}
			seen := map[string]bool{}
			for _, l := range lines {
				if format == "json" {
					var rec map[string]any
					if err := json.Unmarshal([]byte(l), &rec); err != nil {
						t.Fatalf("line %q is not one JSON record: %v", l, err)
					}
					seen[fmt.Sprint(rec["writer"], "/", rec["i"])] = true
				} else {
					if !strings.HasPrefix(l, "time=") || strings.Count(l, "msg=") != 1 {
						t.Fatalf("line %q is not one text record", l)
					}
					seen[l[strings.Index(l, "writer="):strings.Index(l, " pad=")]] = true
				}
			}
			if len(seen) != writers*each {
				t.Fatalf("%d distinct records, want %d", len(seen), writers*each)
			}
			if out.writes >= writers*each/10 {
				t.Errorf("%d writes for %d lines, want them batched", out.writes, writers*each)
			}
			logger.Info("after close")
			if !strings.Contains(out.String(), "after close") {
				t.Errorf("a line logged after Close was held back")
			}
		})
	}
}

func TestBufferedLoggerFlushesErrorsAtOnceAndOthersOnTheInterval(t *testing.T) {
	t.Parallel()
	out := &syncWriter{}
	logger, buf := logging.NewBuffered("json", "info", out, time.Hour)
	defer buf.Close()
	logger.Info("held")
	if got := out.String(); got != "" {
		t.Fatalf("an INFO line was written before any flush: %q", got)
	}
	logger.Error("failed")
	got := out.String()
	if !strings.Contains(got, `"msg":"held"`) || !strings.Contains(got, `"msg":"failed"`) {
		t.Fatalf("after an ERROR line the output is %q, want both lines", got)
	}

	ticking := &syncWriter{}
	logger, tbuf := logging.NewBuffered("json", "info", ticking, time.Millisecond)
	defer tbuf.Close()
	logger.Info("soon")
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(ticking.String(), `"msg":"soon"`) {
		if time.Now().After(deadline) {
			t.Fatal("the periodic flush never wrote the line")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestNewBufferedWithoutIntervalWritesEachLineAtOnce(t *testing.T) {
	t.Parallel()
	out := &syncWriter{}
	logger, buf := logging.NewBuffered("json", "info", out, 0)
	logger.Info("now")
	if !strings.Contains(out.String(), `"msg":"now"`) {
		t.Fatalf("output %q, want the line at once", out.String())
	}
	if err := buf.Close(); err != nil { // nil Buffer: a no-op
		t.Fatal(err)
	}
}
