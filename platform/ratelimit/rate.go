package ratelimit

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Rate is a limit of Requests per Window; the zero Rate is off.
type Rate struct {
	Requests int
	Window   time.Duration
}

// Off reports a rate that limits nothing.
func (r Rate) Off() bool { return r.Requests == 0 }

// String is the form ParseRate reads: "20/1h", or "off".
func (r Rate) String() string {
	if r.Off() {
		return "off"
	}
	return strconv.Itoa(r.Requests) + "/" + r.Window.String()
}

// UnmarshalText reads an environment variable's value (see ParseRate).
func (r *Rate) UnmarshalText(text []byte) error {
	parsed, err := ParseRate(string(text))
	if err != nil {
		return err
	}
	*r = parsed
	return nil
}

// ParseRate reads "N/DURATION" (at most N requests per window, for example "20/1h" or "5/10m";
// N 1..1000000, the window 1s..24h) or "off".
func ParseRate(s string) (Rate, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "off") {
		return Rate{}, nil
	}
	n, w, ok := strings.Cut(s, "/")
	requests, err := strconv.Atoi(n)
	if !ok || err != nil || requests < 1 || requests > 1_000_000 {
		return Rate{}, fmt.Errorf("%q is not N/DURATION (N from 1 to 1000000, for example 20/1h) or off", s)
	}
	window, err := time.ParseDuration(w)
	if err != nil || window < time.Second || window > 24*time.Hour {
		return Rate{}, fmt.Errorf("%q: the window must be a duration from 1s to 24h, for example 20/1h", s)
	}
	return Rate{Requests: requests, Window: window}, nil
}
