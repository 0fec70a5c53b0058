package logging

import (
	"io"
	"sync"
	"time"
)

// bufferSize is how much a Buffer holds before it writes: some hundred access lines, one
// write(2) instead of one per request.
const bufferSize = 64 << 10

// Buffer gathers whole log lines and writes them to the underlying writer in batches: when full,
// every interval, on Flush (the logger flushes at once after an ERROR record) and on Close. A
// slog handler writes each record in one Write call, and a Buffer only ever writes whole
// Writes, so lines never interleave or split. A nil *Buffer is valid and does nothing.
type Buffer struct {
	mu     sync.Mutex
	w      io.Writer
	buf    []byte
	closed bool
	stop   chan struct{}
	done   chan struct{}
}

// NewBuffer starts a Buffer over w that flushes at least every interval (which must be positive).
func NewBuffer(w io.Writer, interval time.Duration) *Buffer {
	b := &Buffer{w: w, buf: make([]byte, 0, bufferSize), stop: make(chan struct{}), done: make(chan struct{})}
	go b.run(interval)
	return b
}

func (b *Buffer) run(interval time.Duration) {
	defer close(b.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			_ = b.Flush()
		case <-b.stop:
			return
		}
	}
}

// Write keeps p (one whole line) for the next flush; a line larger than the buffer, or any
// line once the Buffer is closed, goes straight through.
func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed || len(p) > cap(b.buf) {
		if err := b.flushLocked(); err != nil {
			return 0, err
		}
		return b.w.Write(p)
	}
	if len(b.buf)+len(p) > cap(b.buf) {
		if err := b.flushLocked(); err != nil {
			return 0, err
		}
	}
	b.buf = append(b.buf, p...)
	return len(p), nil
}

// Flush writes every line held so far.
func (b *Buffer) Flush() error {
	if b == nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.flushLocked()
}

func (b *Buffer) flushLocked() error {
	if len(b.buf) == 0 {
		return nil
	}
	_, err := b.w.Write(b.buf)
	b.buf = b.buf[:0] // a failed write is not retried: stdout that fails will not recover
	return err
}

// Close flushes and stops the periodic flush; lines written after it go straight through, so
// a late log line (a stop hook's) is never lost. Closing twice is harmless.
func (b *Buffer) Close() error {
	if b == nil {
		return nil
	}
	b.mu.Lock()
	already := b.closed
	b.closed = true
	err := b.flushLocked()
	b.mu.Unlock()
	if !already {
		close(b.stop)
		<-b.done
	}
	return err
}
