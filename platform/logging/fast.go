package logging

import (
	"context"
	"log/slog"
	"math"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/platform/reqctx"
)

// Fast writes records of plain attributes (strings without anything to escape or quote,
// integers, floats) byte for byte as the logger's slog handler would, without slog's record and
// attribute machinery: for the one record logged on every request, the access line. A Line with
// anything else is refused (Write returns false) and the caller logs it through slog instead.
type Fast struct {
	json  bool
	level slog.Leveler
	out   *Buffer
}

// FastFor is l's fast path, or nil unless l is NewBuffered's logger (buffered, no attributes or
// groups added): only then is the output known.
func FastFor(l *slog.Logger) *Fast {
	if h, ok := l.Handler().(ContextHandler); ok {
		return h.fast
	}
	return nil
}

// Enabled is whether the logger writes records at level.
func (f *Fast) Enabled(level slog.Level) bool { return level >= f.level.Level() }

// Line is one record being built; Start takes it from a pool, Write returns it there.
type Line struct {
	buf   []byte
	json  bool
	plain bool
	level slog.Level
}

var lines = sync.Pool{New: func() any { return &Line{buf: make([]byte, 0, 512)} }}

// Start begins a record at level with msg, stamped now.
func (f *Fast) Start(level slog.Level, msg string) *Line { return f.StartAt(time.Now(), level, msg) }

// StartAt is Start for a record made at now, which the caller has just read from the clock.
func (f *Fast) StartAt(now time.Time, level slog.Level, msg string) *Line {
	l := lines.Get().(*Line)
	l.buf, l.json, l.plain, l.level = l.buf[:0], f.json, true, level
	if f.json {
		l.buf = append(l.buf, `{"time":"`...)
		l.buf = appendRFC3339Nano(l.buf, now)
		l.buf = append(l.buf, `","level":"`...)
		l.buf = append(l.buf, level.String()...)
		l.buf = append(l.buf, `","msg":`...)
	} else {
		l.buf = append(l.buf, "time="...)
		l.buf = appendRFC3339Millis(l.buf, now)
		l.buf = append(l.buf, " level="...)
		l.buf = append(l.buf, level.String()...)
		l.buf = append(l.buf, " msg="...)
	}
	l.value(msg, true)
	return l
}

// String adds key=v.
func (l *Line) String(key, v string) {
	l.key(key)
	l.value(v, false)
}

// Int adds key=v.
func (l *Line) Int(key string, v int64) {
	l.key(key)
	l.buf = strconv.AppendInt(l.buf, v, 10)
}

// Float adds key=v.
func (l *Line) Float(key string, v float64) {
	l.key(key)
	switch {
	case !l.json:
		l.buf = strconv.AppendFloat(l.buf, v, 'g', -1, 64) // slog.Value's own text
	case v == 0 || math.Abs(v) >= 1e-6 && math.Abs(v) < 1e21:
		l.buf = strconv.AppendFloat(l.buf, v, 'f', -1, 64) // what encoding/json writes here
	default:
		l.plain = false // encoding/json's exponent form: leave it to slog
	}
}

func (l *Line) key(k string) {
	if l.json {
		l.buf = append(l.buf, ',', '"')
		l.buf = append(l.buf, k...)
		l.buf = append(l.buf, '"', ':')
		return
	}
	l.buf = append(l.buf, ' ')
	l.buf = append(l.buf, k...)
	l.buf = append(l.buf, '=')
}

// value writes s as is (quoted in JSON) when no handler would escape or quote it; msg may hold
// spaces, which the text handler quotes.
func (l *Line) value(s string, msg bool) {
	spaces := false
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b == ' ' && msg:
			spaces = true
		case b <= ' ' || b >= 0x7f || b == '"' || b == '\\' || b == '=' && !l.json:
			l.plain = false
			return
		}
	}
	switch {
	case l.json:
		l.buf = append(l.buf, '"')
		l.buf = append(l.buf, s...)
		l.buf = append(l.buf, '"')
	case s == "":
		l.plain = false
	case spaces:
		l.buf = strconv.AppendQuote(l.buf, s)
	default:
		l.buf = append(l.buf, s...)
	}
}

// Write ends the line with the ids ctx carries (as ContextHandler adds them) and writes it;
// false, writing nothing, when a value was not plain: log that record through slog.
func (f *Fast) Write(ctx context.Context, l *Line) bool {
	defer func() {
		if cap(l.buf) <= 16<<10 {
			lines.Put(l)
		}
	}()
	if !l.plain {
		return false
	}
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		tid, sid := sc.TraceID(), sc.SpanID()
		l.key("trace_id")
		l.hex(tid[:])
		l.key("span_id")
		l.hex(sid[:])
	}
	if id := reqctx.RequestID(ctx); id != "" {
		l.String("request_id", id)
		if !l.plain {
			return false
		}
	}
	if l.json {
		l.buf = append(l.buf, '}')
	}
	l.buf = append(l.buf, '\n')
	_, _ = f.out.Write(l.buf)
	if l.level >= slog.LevelError {
		_ = f.out.Flush()
	}
	return true
}

func (l *Line) hex(b []byte) {
	const digits = "0123456789abcdef"
	if l.json {
		l.buf = append(l.buf, '"')
	}
	for _, c := range b {
		l.buf = append(l.buf, digits[c>>4], digits[c&0xf])
	}
	if l.json {
		l.buf = append(l.buf, '"')
	}
}

// appendRFC3339Nano is t.AppendFormat(b, time.RFC3339Nano), slog's JSON time, with the part
// before the fraction and the zone formatted once a second (they were most of an access line's
// formatting) and the fraction written here.
func appendRFC3339Nano(b []byte, t time.Time) []byte {
	sec, loc := t.Unix(), t.Location()
	s := lastSecond.Load()
	if s == nil || s.unix != sec || s.loc != loc {
		s = &secondStamp{unix: sec, loc: loc, prefix: t.AppendFormat(nil, "2006-01-02T15:04:05"),
			zone: t.AppendFormat(nil, "Z07:00")}
		lastSecond.Store(s)
	}
	b = append(b, s.prefix...)
	if ns := t.Nanosecond(); ns != 0 {
		var frac [10]byte
		frac[0] = '.'
		for i := 9; i > 0; i-- {
			frac[i] = byte('0' + ns%10)
			ns /= 10
		}
		end := 10
		for frac[end-1] == '0' {
			end--
		}
		b = append(b, frac[:end]...)
	}
	return append(b, s.zone...)
}

// secondStamp is one second's formatted date and time, and zone, in one location.
type secondStamp struct {
	unix         int64
	loc          *time.Location
	prefix, zone []byte
}

var lastSecond atomic.Pointer[secondStamp]

// appendRFC3339Millis is slog's text handler's time format.
func appendRFC3339Millis(b []byte, t time.Time) []byte {
	const prefixLen = len("2006-01-02T15:04:05.000")
	n := len(b)
	t = t.Truncate(time.Millisecond).Add(time.Millisecond / 10)
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b[:n+prefixLen], b[n+prefixLen+1:]...)
}
