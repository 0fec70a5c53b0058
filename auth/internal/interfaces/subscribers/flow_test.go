package subscribers_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/modmono/auth/internal/application"
	authmail "github.com/modmono/auth/internal/infra/mail"
	"github.com/modmono/auth/internal/infra/passwords"
	"github.com/modmono/auth/internal/infra/store"
	"github.com/modmono/auth/internal/infra/tokens"
	"github.com/modmono/auth/internal/interfaces/httpapi"
	"github.com/modmono/auth/internal/interfaces/subscribers"
	"github.com/modmono/migrations/migrationstest"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/outbox"
)

const goodPassword = "correct horse battery"

// flow is the auth context as the module wires it, over HTTP, with its relay publishing to the
// mailer subscriber and the SMTP adapter delivering to a test server; only the relay's backoff
// is shortened, so a retry comes within milliseconds.
type flow struct {
	handler http.Handler
	relay   *outbox.Relay
	broker  *outbox.LocalBroker
	engines *db.Engines
	app     *application.Application
	mailer  *countingMailer
}

func newFlow(t *testing.T, dialect db.Dialect, smtpURL string, trust func(*authmail.SMTP)) *flow {
	t.Helper()
	engines := migrationstest.Open(t, dialect, "auth")
	hasher, err := passwords.NewArgon2(passwords.TestParams(), 4)
	if err != nil {
		t.Fatal(err)
	}
	ring, err := tokens.LoadKeyRing(tokens.KeyConfig{KeyFile: t.TempDir() + "/signing.pem"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := application.DefaultConfig()
	signer, err := tokens.NewSigner(ring, "https://auth.test", "modmono-test", cfg.AccessTTL)
	if err != nil {
		t.Fatal(err)
	}
	smtpCfg, err := authmail.ParseSMTPURL(smtpURL)
	if err != nil {
		t.Fatal(err)
	}
	smtp, err := authmail.NewSMTP(smtpCfg, clock.System{})
	if err != nil {
		t.Fatal(err)
	}
	if trust != nil {
		trust(smtp)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	broker := &outbox.LocalBroker{}
	relay, err := outbox.NewRelay(outbox.RelayConfig{
		Name: "auth", Engines: engines, Publisher: broker, Logger: logger,
		PollInterval: 10 * time.Millisecond, BackoffBase: 10 * time.Millisecond, BackoffMax: 50 * time.Millisecond, MaxAttempts: 1000,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := &flow{relay: relay, broker: broker, engines: engines, mailer: &countingMailer{inner: smtp}}
	app, err := application.New(application.Deps{
		UnitOfWork: store.NewUnitOfWork(engines, relay.Notify), UserReadModel: store.NewUserReadModel(engines),
		ResetTokenFinder: store.NewPasswordResetTokenFinder(engines),
		PasswordHasher:   hasher, AccessTokenIssuer: signer, Mailer: f.mailer, MailComposer: authmail.Composer{},
		Clock: clock.System{}, Bus: bus.New(), Config: cfg,
	})
	if err != nil {
		t.Fatal(err)
	}
	f.app = app
	subscribers.Register(broker, app)
	if err := relay.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = relay.Stop(context.Background()) })
	verifier := authn.NewVerifier(ring, authn.VerifierConfig{Issuer: "https://auth.test", Audience: "modmono-test"}, clock.System{})
	f.handler, err = httpserver.NewRouter(httpserver.Config{}, httpserver.Deps{Logger: logger, Verifier: verifier}, httpapi.Routes(app, httpapi.Limits{}))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// post sends a JSON body and fails the test unless the status is want.
func (f *flow) post(t *testing.T, path, body string, want int) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	f.handler.ServeHTTP(w, r)
	if w.Code != want {
		t.Fatalf("POST %s: %d %s; want %d", path, w.Code, w.Body, want)
	}
	return w
}

// countingMailer counts the sends that failed, to see the relay retry.
type countingMailer struct {
	inner    application.Mailer
	failures atomic.Int64
}

func (c *countingMailer) Send(ctx context.Context, m application.Message) error {
	err := c.inner.Send(ctx, m)
	if err != nil {
		c.failures.Add(1)
	}
	return err
}

func eachDialect(t *testing.T, test func(t *testing.T, d db.Dialect)) {
	t.Helper()
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			test(t, d)
		})
	}
}
