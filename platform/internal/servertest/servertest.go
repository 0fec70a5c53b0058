// Package servertest is the fixture the HTTP edge's packages (httpx, middleware, problem, proxy,
// httpserver) test through: a server built by httpserver.NewRouter with a token verifier, a
// captured JSON log, routes that fail in every way the contract names, and a strict problem
// decoder. It is internal to the platform: contexts test with httpxtest.
package servertest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/labstack/echo/v4"
	"go.opentelemetry.io/otel/trace"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/problem"
)

const (
	issuer   = "https://auth.test"
	audience = "modmono-api"
	// UserID is the subject of every token Server.Token signs.
	UserID = "0190a6f1-7c1e-7bbb-8f3a-0123456789ab"
)

var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// Logs collects log lines from concurrent requests.
type Logs struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *Logs) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *Logs) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Lines returns the JSON log records.
func (b *Logs) Lines(t testing.TB) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q is not JSON: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

// Server is a router under test, with the log it writes.
type Server struct {
	Router *echo.Echo
	Logs   *Logs
	priv   ed25519.PrivateKey
}

type item struct {
	ProductID string `json:"product_id"`
	Quantity  int    `json:"quantity"`
}

type orderRequest struct {
	Items []item `json:"items"`
	Note  string `json:"note"`
}

// Routes are the fixture's own: /ok answers the request id, POST /orders binds an order
// strictly, POST /action has no body, /fail/:kind fails in the named way, /panic panics, /ip
// answers the client IP, /me and /admin need a token, and POST /form takes an HTML form.
func Routes() []httpx.Route {
	fails := map[string]error{
		"invalid":     errs.Validation(errs.Field("email", errs.FieldRequired, "is required")),
		"malformed":   errs.Malformed("bad json"),
		"unauth":      errs.Unauthenticated("INVALID_CREDENTIALS", "wrong email or password"),
		"forbidden":   errs.Forbidden("not yours"),
		"notfound":    errs.NotFound("USER_NOT_FOUND", "no such user"),
		"conflict":    errs.Conflict("EMAIL_TAKEN", "that email is taken"),
		"toomany":     errs.TooManyRequests("slow down", 1500*time.Millisecond),
		"toomanyzero": errs.TooManyRequests("slow down", 0),
		"unavailable": errs.Unavailable("a dependency is down", 3*time.Second, errors.New("dial tcp 10.0.0.7:5432: connection refused")),
		"unsupported": errs.New(errs.KindUnsupportedMediaType, errs.CodeUnsupportedMediaType, "json only"),
		"toolarge":    errs.New(errs.KindPayloadTooLarge, errs.CodePayloadTooLarge, "too big"),
		"method":      errs.New(errs.KindMethodNotAllowed, errs.CodeMethodNotAllowed, "no"),
		"idempotency": errs.New(errs.KindMalformed, "IDEMPOTENCY_KEY_REQUIRED", "send an Idempotency-Key header"),
		"wrapped":     fmt.Errorf("placing order: %w", errs.Conflict("ORDER_NOT_CANCELLABLE", "already cancelled")),
		"internalmsg": errs.New(errs.KindInternal, "DB_ERROR", "SELECT password_hash FROM users"),
		"sql":         errors.New(`pq: syntax error at or near "FROM" in SELECT password_hash FROM users`),
		// Store failures that pass, however a handler wrapped them: 503, never 500.
		"dbshutdown": fmt.Errorf("insert order: %w", &pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"}),
		"dbfull":     fmt.Errorf("begin: %w", &pgconn.PgError{Code: "53300", Message: "sorry, too many clients already"}),
		"dbpool":     fmt.Errorf("begin postgres transaction: %w", db.ErrPoolTimeout),
		"dbinternal": errs.Internal(fmt.Errorf("load user: %w", &pgconn.PgError{Code: "08006", Message: "dial tcp 10.0.0.7:5432"})),
		"deadline":   fmt.Errorf("SELECT password_hash FROM users: %w", context.DeadlineExceeded),
		"upstream":   errs.UpstreamTimeout("the orders service did not answer in time", time.Second, errors.New("dial tcp 10.0.0.7:8080: i/o timeout")),
	}
	return []httpx.Route{
		{Method: http.MethodGet, Path: "/ok", Handler: func(c echo.Context) error {
			return c.JSON(http.StatusOK, map[string]string{"request_id": httpx.RequestID(c.Request().Context())})
		}},
		{Method: http.MethodPost, Path: "/orders", Handler: func(c echo.Context) error {
			var req orderRequest
			if err := httpx.Bind(c, &req); err != nil {
				return err
			}
			return c.JSON(http.StatusCreated, req)
		}},
		{Method: http.MethodPost, Path: "/action", Handler: func(c echo.Context) error {
			return c.NoContent(http.StatusNoContent)
		}},
		{Method: http.MethodGet, Path: "/fail/:kind", Handler: func(c echo.Context) error {
			return fails[c.Param("kind")]
		}},
		{Method: http.MethodGet, Path: "/panic", Handler: func(echo.Context) error {
			panic("secret panic text: SELECT * FROM users")
		}},
		{Method: http.MethodGet, Path: "/ip", Handler: func(c echo.Context) error {
			return c.String(http.StatusOK, c.RealIP())
		}},
		{Method: http.MethodGet, Path: "/me", Access: httpx.User, Handler: func(c echo.Context) error {
			p := httpx.Principal(c)
			return c.JSON(http.StatusOK, map[string]any{"user_id": p.UserID, "roles": p.Roles})
		}},
		{Method: http.MethodGet, Path: "/admin", Access: httpx.Admin, Handler: func(c echo.Context) error {
			return c.String(http.StatusOK, httpx.Principal(c).UserID)
		}},
		{Method: http.MethodPost, Path: "/form", FormBody: true, Handler: func(c echo.Context) error {
			return c.String(http.StatusOK, c.FormValue("a"))
		}},
	}
}

// New serves Routes and extra with cfg, logging JSON into Server.Logs and verifying the tokens
// Server.Token signs.
func New(t testing.TB, cfg httpserver.Config, extra ...httpx.Route) *Server {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	logs := &Logs{}
	v := authn.NewVerifier(authn.StaticKeys{"k1": pub}, authn.VerifierConfig{Issuer: issuer, Audience: audience}, clock.NewManual(now))
	e, err := httpserver.NewRouter(cfg, httpserver.Deps{Logger: slog.New(slog.NewJSONHandler(logs, nil)), Verifier: v},
		append(Routes(), extra...))
	if err != nil {
		t.Fatalf("NewRouter: %v", err)
	}
	return &Server{Router: e, Logs: logs, priv: priv}
}

// Token signs an access token for UserID with roles.
func (s *Server) Token(t testing.TB, roles ...string) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, jwt.MapClaims{
		"iss": issuer, "aud": audience, "sub": UserID, "jti": "j1", "roles": roles,
		"iat": now.Unix(), "exp": now.Add(15 * time.Minute).Unix(),
	})
	tok.Header["kid"] = "k1"
	s2, err := tok.SignedString(s.priv)
	if err != nil {
		t.Fatal(err)
	}
	return s2
}

// Do serves req.
func (s *Server) Do(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.Router.ServeHTTP(rec, req)
	return rec
}

// JSONRequest is a request with body as application/json.
func JSONRequest(method, target, body string) *http.Request {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return req
}

// DecodeProblem decodes a problem+json answer, failing unless it has exactly the contract's
// members.
func DecodeProblem(t testing.TB, rec *httptest.ResponseRecorder) problem.Problem {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != problem.ContentType {
		t.Fatalf("Content-Type = %q, want %q; body %s", ct, problem.ContentType, rec.Body)
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &members); err != nil {
		t.Fatalf("problem body %q: %v", rec.Body, err)
	}
	for _, k := range []string{"type", "title", "status", "detail", "instance", "code", "request_id"} {
		if _, ok := members[k]; !ok {
			t.Errorf("problem lacks %q: %s", k, rec.Body)
		}
	}
	var p problem.Problem
	dec := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("problem body %q: %v", rec.Body, err)
	}
	if p.Status != rec.Code {
		t.Errorf("problem status %d, response status %d", p.Status, rec.Code)
	}
	if p.RequestID == "" || p.RequestID != rec.Header().Get(httpx.HeaderRequestID) {
		t.Errorf("problem request_id %q, header %q", p.RequestID, rec.Header().Get(httpx.HeaderRequestID))
	}
	return p
}

// Chunked hides a reader's type so that no Content-Length can be derived: a chunked upload.
func Chunked(r io.Reader) io.ReadCloser { return io.NopCloser(struct{ io.Reader }{r}) }

// TraceIDHandler answers the trace id the handler's context carries ("" for none).
func TraceIDHandler(c echo.Context) error {
	sc := trace.SpanContextFromContext(c.Request().Context())
	if !sc.IsValid() {
		return c.String(http.StatusOK, "")
	}
	return c.String(http.StatusOK, sc.TraceID().String())
}
