package natsjs

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/modmono/platform/outbox"
)

// Options configure a Broker. Zero values take the defaults noted.
type Options struct {
	Stream        string                // "EVENTS"
	SubjectPrefix string                // "events.": the stream holds "<prefix>>"
	Name          string                // "modmono": the connection's name in the server's monitoring
	Logger        *slog.Logger          // slog.Default()
	Registerer    prometheus.Registerer // nil: metrics are not registered
	ReconnectWait time.Duration         // 1s between reconnection attempts, which never stop
	// PublishTimeout bounds one Publish, as the relay's context has no deadline of its own.
	PublishTimeout time.Duration // 5s
	MaxAge         time.Duration // 7 days: how long the stream keeps an event
	// DuplicateWindow is how long the stream remembers event ids. 10m by default: longer than the
	// relay's largest backoff (5m), so a retried publish whose first attempt was stored is
	// still recognised. It must be at least 2 minutes and at most MaxAge.
	DuplicateWindow time.Duration
	Replicas        int // 1: the stream's replicas in a cluster
	// AckWait is how long a handler may run before its message is delivered again, and the
	// deadline of the handler's context.
	AckWait time.Duration // 30s
	// Retry are the delays before redelivering an event whose handler failed for the 1st, 2nd,
	// ... time; the last repeats. 1s, 2s, 5s, 10s, 30s.
	Retry []time.Duration
	// ParkAfter is the number of failed deliveries after which an event is parked. 10.
	ParkAfter int
	// Parked, when set, is called with each event parked by a subscriber after deliveries failed
	// deliveries (before it is terminated), so that a context can keep it where an operator can
	// see and retry it. When it returns an error the event is not terminated but comes again
	// after the last retry delay, to be parked again: never lost from the operator's view.
	Parked func(ctx context.Context, subscriber string, e outbox.Event, deliveries int, err error) error
}

func (o *Options) setDefaults() {
	o.Stream = cmp.Or(o.Stream, "EVENTS")
	o.SubjectPrefix = cmp.Or(o.SubjectPrefix, "events.")
	if !strings.HasSuffix(o.SubjectPrefix, ".") {
		o.SubjectPrefix += "."
	}
	o.Name = cmp.Or(o.Name, "modmono")
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	o.ReconnectWait = cmp.Or(o.ReconnectWait, time.Second)
	o.PublishTimeout = cmp.Or(o.PublishTimeout, 5*time.Second)
	o.MaxAge = cmp.Or(o.MaxAge, 7*24*time.Hour)
	o.DuplicateWindow = cmp.Or(o.DuplicateWindow, 10*time.Minute)
	o.Replicas = cmp.Or(o.Replicas, 1)
	o.AckWait = cmp.Or(o.AckWait, 30*time.Second)
	if len(o.Retry) == 0 {
		o.Retry = []time.Duration{time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 30 * time.Second}
	}
	o.ParkAfter = cmp.Or(o.ParkAfter, 10)
}

func (o *Options) validate() error {
	var problems []error
	if !validName(o.Stream) {
		problems = append(problems, errors.New("the stream name must be letters, digits, '-' or '_'"))
	}
	if !validSubject(strings.TrimSuffix(o.SubjectPrefix, ".")) {
		problems = append(problems, errors.New("the subject prefix must be dot-separated tokens without wildcards"))
	}
	if o.DuplicateWindow < 2*time.Minute || o.DuplicateWindow > o.MaxAge {
		problems = append(problems, errors.New("the duplicate window must be at least 2 minutes and at most MaxAge"))
	}
	if o.ParkAfter < 1 {
		problems = append(problems, errors.New("ParkAfter must be positive"))
	}
	return errors.Join(problems...)
}

// retryDelay is the delay before redelivering an event that has failed delivered times.
func (o *Options) retryDelay(delivered uint64) time.Duration {
	i := min(int(max(delivered, 1))-1, len(o.Retry)-1)
	return o.Retry[i]
}

// validName accepts stream and durable consumer names: they become subject tokens of the
// JetStream API, so dots, wildcards and spaces would break it.
func validName(s string) bool {
	if s == "" || len(s) > 200 {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// validSubject accepts literal subjects: non-empty dot-separated tokens of printable characters
// other than the wildcards, so that an event type maps to exactly one subject.
func validSubject(s string) bool {
	for token := range strings.SplitSeq(s, ".") {
		if token == "" || token == "*" || token == ">" || strings.ContainsAny(token, " \t\r\n*>") {
			return false
		}
	}
	return true
}
