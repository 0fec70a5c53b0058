package application_test

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/infra/mail"
	"github.com/modmono/auth/internal/infra/mail/mailtest"
	"github.com/modmono/auth/internal/infra/passwords"
	"github.com/modmono/auth/internal/infra/store"
	"github.com/modmono/auth/internal/infra/tokens"
	"github.com/modmono/migrations/migrationstest"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/errs"
)

// start is the manual clock's first reading in every test.
var start = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

const goodPassword = "correct horse battery"

// harness is one Application over a fresh store of one dialect, through the real infra.
type harness struct {
	app      *application.Application
	clock    *clock.Manual
	hasher   *countingHasher
	mailer   *mailtest.Recorder
	engines  *db.Engines
	observer *recordingObserver
}

// eachDialect runs test once per dialect, in parallel, each on its own store.
func eachDialect(t *testing.T, test func(t *testing.T, h *harness)) {
	t.Helper()
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			test(t, newHarness(t, dialect))
		})
	}
}

func newHarness(t *testing.T, dialect db.Dialect) *harness {
	t.Helper()
	engines := migrationstest.Open(t, dialect, "auth")
	argon, err := passwords.NewArgon2(passwords.TestParams(), 8)
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
	h := &harness{clock: clock.NewManual(start), hasher: &countingHasher{PasswordHasher: argon}, mailer: &mailtest.Recorder{}, engines: engines, observer: &recordingObserver{}}
	h.app, err = application.New(application.Deps{
		UnitOfWork:        store.NewUnitOfWork(engines, nil),
		UserReadModel:     store.NewUserReadModel(engines),
		ResetTokenFinder:  store.NewPasswordResetTokenFinder(engines),
		PasswordHasher:    h.hasher,
		AccessTokenIssuer: signer,
		Mailer:            h.mailer,
		MailComposer:      mail.Composer{},
		Clock:             h.clock,
		Bus:               bus.New(),
		Config:            cfg,
		Observer:          h.observer,
	})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// countingHasher counts the password checks that reach argon2id, real or dummy.
type countingHasher struct {
	application.PasswordHasher
	verifications atomic.Int64
	hashes        atomic.Int64
}

func (c *countingHasher) Hash(ctx context.Context, password string) (string, error) {
	c.hashes.Add(1)
	return c.PasswordHasher.Hash(ctx, password)
}

func (c *countingHasher) Verify(ctx context.Context, password, hash string) (bool, error) {
	c.verifications.Add(1)
	return c.PasswordHasher.Verify(ctx, password, hash)
}

func (c *countingHasher) VerifyDummy(ctx context.Context, password string) error {
	c.verifications.Add(1)
	return c.PasswordHasher.VerifyDummy(ctx, password)
}

// register makes a customer with goodPassword and returns it with its principal.
func (h *harness) register(t *testing.T, email string) (application.UserView, authn.Principal) {
	t.Helper()
	u, err := h.app.Commands.Register.Handle(context.Background(), application.Register{Email: email, Password: goodPassword, FullName: "Test User"})
	if err != nil {
		t.Fatalf("register %s: %v", email, err)
	}
	return u, principalOf(u)
}

// admin bootstraps an admin and returns its principal.
func (h *harness) admin(t *testing.T) authn.Principal {
	t.Helper()
	ctx := context.Background()
	if _, err := h.app.Commands.EnsureAdmin.Handle(ctx, application.EnsureAdmin{Email: "root@example.com", Password: goodPassword}); err != nil {
		t.Fatalf("ensure admin: %v", err)
	}
	// Only an admin may list users; someAdmin (no stored user) will do to find the new one.
	list, err := h.app.Queries.ListUsers.Handle(ctx, application.ListUsers{
		Actor: someAdmin, EmailPrefix: "root@example.com",
	})
	if err != nil || len(list.Items) != 1 {
		t.Fatalf("find admin: %v, %v", list, err)
	}
	return authn.Principal{UserID: list.Items[0].ID, Roles: list.Items[0].Roles}
}

func (h *harness) login(t *testing.T, email, password string) application.TokenPair {
	t.Helper()
	pair, err := h.app.Commands.Login.Handle(context.Background(), application.Login{Email: email, Password: password})
	if err != nil {
		t.Fatalf("login %s: %v", email, err)
	}
	return pair
}

func (h *harness) refresh(token string) (application.TokenPair, error) {
	return h.app.Commands.Refresh.Handle(context.Background(), application.Refresh{RefreshToken: token})
}

func principalOf(u application.UserView) authn.Principal {
	return authn.Principal{UserID: u.ID, Roles: u.Roles}
}

// viewsEqual compares views field by field, times by instant.
func viewsEqual(a, b application.UserView) bool {
	return a.ID == b.ID && a.Email == b.Email && a.FullName == b.FullName && slices.Equal(a.Roles, b.Roles) &&
		a.Disabled == b.Disabled && a.CreatedAt.Equal(b.CreatedAt) && a.UpdatedAt.Equal(b.UpdatedAt)
}

// wantCode fails unless err carries the contract code want ("" wants no error).
func wantCode(t *testing.T, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("want success, got %v", err)
		}
		return
	}
	if !errs.HasCode(err, want) {
		t.Fatalf("want code %s, got %v", want, err)
	}
}

// wantFields fails unless err is a 422 naming exactly these field/code pairs, in order.
func wantFields(t *testing.T, err error, want ...string) {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.KindInvalid {
		t.Fatalf("want a 422, got %v", err)
	}
	var got []string
	for _, f := range e.Fields {
		got = append(got, f.Field+"/"+f.Code)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("want fields %v, got %v", want, got)
	}
}

// ageThrottle moves every stored throttle window d into the past, as if d had passed on the
// database's clock, which the throttle keeps time by.
func (h *harness) ageThrottle(t *testing.T, d time.Duration) {
	t.Helper()
	q := `UPDATE login_throttle SET window_started_at = window_started_at - make_interval(secs => $1::float8),
		window_ends_at = window_ends_at - make_interval(secs => $1::float8)`
	if h.engines.Write.Dialect() == db.SQLite {
		q = `UPDATE login_throttle
			SET window_started_at = strftime('%Y-%m-%dT%H:%M:%f', window_started_at, '-' || ?1 || ' seconds') || '000Z',
			    window_ends_at = strftime('%Y-%m-%dT%H:%M:%f', window_ends_at, '-' || ?1 || ' seconds') || '000Z'`
	}
	if _, err := h.engines.Write.ExecContext(context.Background(), q, d.Seconds()); err != nil {
		t.Fatalf("age the throttle windows: %v", err)
	}
}
