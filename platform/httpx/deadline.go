package httpx

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// HeaderTimeout carries, from one of our services to the next, how many milliseconds of the
// caller's deadline are left (as gRPC's grpc-timeout does): the callee takes the shorter of it
// and its own REQUEST_TIMEOUT, so it gives up, and answers, before the caller stops waiting,
// never committing a write after the caller has answered a timeout. A client may send it too:
// it can only shorten its own deadline.
const HeaderTimeout = "X-Request-Timeout-Ms"

// SetTimeout writes what is left of ctx's deadline, less margin (the time the answer needs to
// travel back), into h; without a deadline it writes nothing.
func SetTimeout(ctx context.Context, h http.Header, margin time.Duration) {
	deadline, ok := ctx.Deadline()
	if !ok {
		return
	}
	left := max(time.Until(deadline)-margin, time.Millisecond)
	h.Set(HeaderTimeout, strconv.FormatInt(left.Milliseconds(), 10))
}

// TimeoutFrom reads HeaderTimeout; ok is false when it is absent or not a positive number.
func TimeoutFrom(h http.Header) (time.Duration, bool) {
	v := h.Get(HeaderTimeout)
	if v == "" {
		return 0, false // most requests: spare ParseInt's error, which allocates
	}
	ms, err := strconv.ParseInt(v, 10, 64)
	if err != nil || ms <= 0 || ms > int64(time.Hour/time.Millisecond) {
		return 0, false
	}
	return time.Duration(ms) * time.Millisecond, true
}
