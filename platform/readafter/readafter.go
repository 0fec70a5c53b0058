// Package readafter keeps read-your-writes across requests and gateway replicas when reads go
// to PostgreSQL streaming replicas. After a request commits, the primary's WAL position is
// remembered for its client: in Redis under the user's id when CACHE_URL is set (every replica
// of the gateway sees it), and always in a signed response header, X-Read-After, that the client
// sends back. A later request's reads go to a replica only once it has replayed past that
// position (see db.Session), else to the primary.
//
// Both expire after the allowed replica lag (plus a margin): by then every replica that may
// serve reads at all has replayed the write.
package readafter

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/redis/rueidis"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/db"
)

// Header carries the signed position between a client and the gateway.
const Header = "X-Read-After"

// Cookie carries it for the pages a person uses in a browser (under browserPaths): the admin
// panel, signed in by its own cookie, whose user the API's bearer tokens cannot name.
const Cookie = "read_after"

const browserPaths = "/admin"

// redisTimeout bounds each Redis call: a slow Redis must not slow reads, only send them to the
// primary.
const redisTimeout = 100 * time.Millisecond

// Config sets up a Tracker.
type Config struct {
	// Key signs the header; empty makes a random one (valid in this process only).
	Key string
	// Redis, when set, shares each user's position between gateway replicas: the query cache's
	// connection to CACHE_URL (one Redis client per process), which answers an error while it
	// is not connected.
	Redis Redis
	// MaxLag is DATABASE_READ_MAX_LAG: positions are kept this long plus a second.
	MaxLag time.Duration
	// KeyPrefix namespaces the Redis keys (tests give each run its own).
	KeyPrefix string
	// Verifier, when set, names the user of a public route's request by its bearer token (the
	// access check verifies tokens on protected routes only), so that an admin reading the
	// public catalogue after changing it reads their own write.
	Verifier *authn.Verifier
	Logger   *slog.Logger
	Now      func() time.Time
}

// Redis gives the current connection to Redis (*cache.Cache does), or an error while there is
// none.
type Redis interface {
	Client() (rueidis.Client, error)
}

// Tracker makes each request's db.Session and remembers its commits.
type Tracker struct {
	key      []byte
	redis    Redis // nil without CACHE_URL
	ttl      time.Duration
	prefix   string
	verifier *authn.Verifier
	logger   *slog.Logger
	now      func() time.Time
	// lastWarned (unix nanoseconds) keeps a Redis outage to one warning per warnEvery, not one
	// per read.
	lastWarned atomic.Int64
}

const warnEvery = 10 * time.Second

func (t *Tracker) warn(ctx context.Context, msg string, err error) {
	now := time.Now().UnixNano()
	last := t.lastWarned.Load()
	if now-last < int64(warnEvery) || !t.lastWarned.CompareAndSwap(last, now) {
		return
	}
	t.logger.WarnContext(ctx, msg, "error", err)
}

// New makes a Tracker.
func New(cfg Config) (*Tracker, error) {
	t := &Tracker{key: []byte(cfg.Key), redis: cfg.Redis, prefix: cfg.KeyPrefix, verifier: cfg.Verifier, logger: cfg.Logger, now: cfg.Now,
		ttl: db.DefaultMaxLag + time.Second}
	if cfg.MaxLag > 0 {
		t.ttl = cfg.MaxLag + time.Second
	}
	if len(t.key) == 0 {
		t.key = make([]byte, 32)
		_, _ = rand.Read(t.key) // crypto/rand.Read never fails (Go 1.24+)
	}
	if t.prefix == "" {
		t.prefix = "readafter:"
	}
	if t.logger == nil {
		t.logger = slog.Default()
	}
	if t.now == nil {
		t.now = time.Now
	}
	return t, nil
}

// Middleware gives each request a db.Session: its reads see what its client carried in (header,
// Redis) and what it commits; a response after a commit carries the signed position. It must
// sit after the access check, which puts the principal in the context.
func (t *Tracker) Middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		carried, bearer := req.Header.Get(Header), req.Header.Get(echo.HeaderAuthorization)
		browser := strings.HasPrefix(req.URL.Path, browserPaths)
		if cookie, err := req.Cookie(Cookie); carried == "" && browser && err == nil {
			carried = cookie.Value
		}
		s := db.NewSession(
			func(ctx context.Context) db.Position { return t.carried(ctx, carried, bearer) },
			t.remember,
		)
		c.SetRequest(req.WithContext(db.WithSession(req.Context(), s)))
		c.Response().Before(func() {
			if p := s.Committed(); p > 0 {
				signed := t.Sign(p)
				c.Response().Header().Set(Header, signed)
				if browser {
					// A browser sends no header back, but it sends cookies: the admin panel's
					// redirect after a form post reads what the post wrote.
					c.SetCookie(&http.Cookie{Name: Cookie, Value: signed, Path: browserPaths, MaxAge: int(t.ttl.Seconds()),
						HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode}) // Secure, as the panel's own cookie
				}
			}
		})
		return next(c)
	}
}

// carried is the position a request's reads must see: the larger of its header's and the one
// Redis keeps for its user.
func (t *Tracker) carried(ctx context.Context, header, bearer string) db.Position {
	var p db.Position
	if header != "" {
		p = t.Verify(header)
	}
	if who := t.user(ctx, bearer); who != "" && t.redis != nil {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), redisTimeout)
		defer cancel()
		v, err := t.get(ctx, t.prefix+who)
		switch {
		case rueidis.IsRedisNil(err):
		case err != nil:
			// Without the shared position this request cannot know what the user wrote through
			// another replica of the gateway: the primary answers.
			t.warn(ctx, "read-your-writes position unavailable; reading from the primary", err)
			return db.Unknown
		default:
			if stored, err := strconv.ParseUint(v, 10, 64); err == nil {
				p = max(p, db.Position(stored))
			}
		}
	}
	return p
}

// user is the id of the request's user: the access check's principal, else (a public route)
// the one its bearer token names, if it is valid; "" for an anonymous request.
func (t *Tracker) user(ctx context.Context, bearer string) string {
	if who, ok := authn.FromContext(ctx); ok {
		return who.UserID
	}
	token, ok := authn.BearerToken(bearer)
	if !ok || t.verifier == nil || t.redis == nil {
		return ""
	}
	who, err := t.verifier.Verify(ctx, token)
	if err != nil {
		return ""
	}
	return who.UserID
}

// keepMax stores the larger of the stored and the new position, with a fresh expiry.
var keepMax = rueidis.NewLuaScript(`
local old = redis.call('GET', KEYS[1])
if old and tonumber(old) >= tonumber(ARGV[1]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`)

// remember stores a commit's position for the request's user in Redis; the header carries it
// whatever happens here.
func (t *Tracker) remember(ctx context.Context, p db.Position) {
	who, ok := authn.FromContext(ctx)
	if !ok || who.UserID == "" || t.redis == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), redisTimeout)
	defer cancel()
	client, err := t.redis.Client()
	if err == nil {
		err = keepMax.Exec(ctx, client, []string{t.prefix + who.UserID},
			[]string{strconv.FormatUint(uint64(p), 10), strconv.FormatInt(t.ttl.Milliseconds(), 10)}).Error()
	}
	if err != nil {
		t.warn(ctx, "read-your-writes position not shared", err)
	}
}

// Sign makes the header value for p: "position.expiry.signature".
func (t *Tracker) Sign(p db.Position) string {
	body := strconv.FormatUint(uint64(p), 16) + "." + strconv.FormatInt(t.now().Add(t.ttl).Unix(), 10)
	return body + "." + t.mac(body)
}

// Verify reads a header value: its position while it is valid; 0 once expired (every replica
// in use has replayed it by then); Unknown when it is not one of ours (the primary answers: a
// forged header can only cost the client the replicas, never show it stale data it was promised
// not to see).
func (t *Tracker) Verify(value string) db.Position {
	body, sig, ok := cutLast(value)
	if !ok || !hmac.Equal([]byte(sig), []byte(t.mac(body))) {
		return db.Unknown
	}
	pos, exp, ok := strings.Cut(body, ".")
	p, err1 := strconv.ParseUint(pos, 16, 64)
	e, err2 := strconv.ParseInt(exp, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return db.Unknown
	}
	if t.now().Unix() > e {
		return 0
	}
	return db.Position(p)
}

func (t *Tracker) mac(body string) string {
	m := hmac.New(sha256.New, t.key)
	m.Write([]byte(body))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func cutLast(s string) (before, after string, ok bool) {
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return "", "", false
	}
	return s[:i], s[i+1:], true
}

// get reads one key; rueidis.IsRedisNil(err) when it is not there.
func (t *Tracker) get(ctx context.Context, key string) (string, error) {
	client, err := t.redis.Client()
	if err != nil {
		return "", err
	}
	return client.Do(ctx, client.B().Get().Key(key).Build()).ToString()
}
