package idempotency

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
)

var errNoUser = errs.Internal(errors.New("idempotency middleware on a route without an authenticated user: keys are scoped to users"))

// Middleware makes one route idempotent by its Idempotency-Key header (see the package
// documentation). It must wrap an authenticated route's handler, since keys are scoped to the
// user, and sits after the server's body limit, which bounds the body it reads.
func Middleware(s *Store, mode Mode) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			key, present, err := keyFromHeader(c.Request().Header)
			if err != nil {
				return err
			}
			if !present {
				if mode == Required {
					return errKeyRequired
				}
				return next(c)
			}
			userID := httpx.Principal(c).UserID
			if userID == "" {
				return errNoUser
			}
			fp, err := fingerprint(c.Request())
			if err != nil {
				return err
			}
			cl := newClaim(userID, key, fp)
			stored, err := s.claim(c.Request().Context(), cl)
			if err != nil {
				return err
			}
			if stored != nil {
				return replay(c, stored)
			}
			c.SetRequest(c.Request().WithContext(withKey(c.Request().Context(), key)))
			return s.run(c, next, cl)
		}
	}
}

// run runs the handler of a claimed key and stores its answer (or releases the key after a
// 5xx) before sending it. The handler's error is returned after it has been answered, so the
// access log and metrics still see its code and cause.
func (s *Store) run(c echo.Context, next echo.HandlerFunc, cl claim) error {
	out := c.Response()
	rec := newRecorder(out.Header())
	c.SetResponse(echo.NewResponse(rec, c.Echo()))
	finished := false
	defer func() {
		if !finished {
			// The handler panicked: the recovery middleware answers 500 on the untouched real
			// response, so the key is released and a retry runs again.
			c.SetResponse(out)
			s.finish(c.Request().Context(), cl, response{status: http.StatusInternalServerError})
		}
	}()
	err := next(c)
	if err != nil {
		// Rendered into the recorder: a 4xx problem is stored and replayed like any answer.
		c.Echo().HTTPErrorHandler(err, c)
	}
	finished = true
	c.SetResponse(out)
	resp := rec.response()
	s.finish(c.Request().Context(), cl, resp)
	if sendErr := rec.send(out, resp); sendErr != nil && err == nil {
		return sendErr
	}
	return err
}

// finish stores resp as the key's answer, or releases the key for a 5xx. A failure is logged
// and the answer sent anyway: the handler's effect is done, and after the lease a retry takes
// the key over, where the handler's own deduplication (KeyFrom) answers it again.
func (s *Store) finish(ctx context.Context, cl claim, resp response) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
	defer cancel()
	if resp.status >= http.StatusInternalServerError {
		if err := s.release(ctx, cl); err != nil {
			s.logger.LogAttrs(ctx, slog.LevelError, "idempotency key not released after a failure",
				slog.String("error", err.Error()))
		}
		return
	}
	held, err := s.complete(ctx, cl, resp)
	switch {
	case err != nil:
		s.logger.LogAttrs(ctx, slog.LevelError, "idempotent response not stored",
			slog.String("error", err.Error()))
	case !held:
		s.logger.LogAttrs(ctx, slog.LevelWarn,
			"idempotency lease expired while the handler ran: a retry took the key over; raise the lease above the handler's run time")
	}
}

// fingerprint is SHA-256 of the method, the path as sent (actual parameters) and the raw body,
// which it reads and puts back for the handler. NUL separators keep the fields apart: neither
// a method nor an escaped path contains one.
func fingerprint(r *http.Request) (string, error) {
	var body []byte
	if r.Body != nil {
		var err error
		if body, err = io.ReadAll(r.Body); err != nil {
			// The platform answers a body over the limit (*http.MaxBytesError) 413.
			return "", errs.Malformed("the request body could not be read").WithCause(err)
		}
		_ = r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	h := sha256.New()
	h.Write([]byte(r.Method))
	h.Write([]byte{0})
	h.Write([]byte(r.URL.EscapedPath()))
	h.Write([]byte{0})
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil)), nil
}
