// Package auth is the auth context's facade: the fx module that the gateway or the auth
// service wires. Everything else of the context is internal; other contexts see only contract.
package auth

import (
	"context"
	"log/slog"
	"runtime"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/fx"

	"github.com/modmono/auth/internal/application"
	"github.com/modmono/auth/internal/infra/mail"
	"github.com/modmono/auth/internal/infra/metrics"
	"github.com/modmono/auth/internal/infra/passwords"
	"github.com/modmono/auth/internal/infra/store"
	"github.com/modmono/auth/internal/infra/tokens"
	"github.com/modmono/auth/internal/interfaces/httpapi"
	"github.com/modmono/auth/internal/interfaces/subscribers"
	"github.com/modmono/migrations"
	"github.com/modmono/platform"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	pconfig "github.com/modmono/platform/config"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/keyring"
	"github.com/modmono/platform/keyring/keyhttp"
	"github.com/modmono/platform/outbox"
	"github.com/modmono/platform/ratelimit"
)

// Module wires the auth context: its store, keys, mailer, use cases, routes and event
// subscriptions. It also provides the authn.KeySource that the platform's token verifier needs,
// since auth holds the keys.
var Module = fx.Module("auth",
	platform.ContextStore("auth", func(c config) pconfig.Database { return c.Database }, migrations.UpContext),
	fx.Provide(
		fx.Private,
		pconfig.Load[config],
		newKeyStore,
		platform.NewRateLimiter,
		loadKeyRing,
		newApplication,
	),
	fx.Provide(
		func(r *tokens.KeyRing) authn.KeySource { return r },
		platform.AsRoutes(routes),
		// The admin panel keeps its cookie keys beside auth's signing keys.
		fx.Annotate(func(s *keyring.Store) *keyring.Store { return s }, fx.ResultTags(`name:"shared-keys"`)),
	),
	fx.Invoke(subscribe, bootstrapAdmin, purgePeriodically),
)

func newKeyStore(engines *db.Engines, clk clock.Clock) *keyring.Store {
	return keyring.NewStore(engines, clk)
}

// loadKeyRing uses the configured signing key, or else the keys kept in auth's database, which
// every replica shares and reloads every KEYS_RELOAD_INTERVAL.
func loadKeyRing(lc fx.Lifecycle, cfg config, base pconfig.Base, store *keyring.Store, clk clock.Clock, logger *slog.Logger) (*tokens.KeyRing, error) {
	kc := tokens.KeyConfig{
		PrivateKeyPEM:      cfg.SigningKeyPEM,
		KeyFile:            cfg.SigningKeyFile,
		ExtraPublicKeysPEM: cfg.VerifyKeysPEM,
		Lifetime:           cfg.AccessTTL + authn.MaxLeeway,
		Clock:              clk,
	}
	if cfg.SigningKeyPEM == "" && cfg.SigningKeyFile == "" {
		keeper, err := platform.KeepKeys(lc, base, store, keyring.KeeperConfig{
			Purpose: keyring.JWTSigning, Import: tokens.ImportKeyFile(legacyKeyFile), Clock: clk,
		}, logger)
		if err != nil {
			return nil, err
		}
		kc.Stored = keeper
	}
	return tokens.LoadKeyRing(kc)
}

func newApplication(cfg config, base pconfig.Base, engines *db.Engines, relay *outbox.Relay, ring *tokens.KeyRing, clk clock.Clock, b *bus.Bus, reg prometheus.Registerer) (*application.Application, error) {
	observer, err := metrics.New(reg)
	if err != nil {
		return nil, err
	}
	hashers := cfg.HashConcurrency
	if hashers == 0 {
		hashers = runtime.GOMAXPROCS(0)
	}
	hasher, err := passwords.NewArgon2(passwords.DefaultParams(), hashers,
		passwords.WithQueue(cfg.HashQueue), passwords.OnShed(observer.HashShed))
	if err != nil {
		return nil, err
	}
	signer, err := tokens.NewSigner(ring, base.JWTIssuer, base.JWTAudience, cfg.AccessTTL)
	if err != nil {
		return nil, err
	}
	mailer, err := mail.New(mail.Config{SMTPURL: cfg.SMTPURL, SinkDir: cfg.MailSinkDir, From: cfg.MailFrom}, clk)
	if err != nil {
		return nil, err
	}
	appCfg := application.DefaultConfig()
	appCfg.AccessTTL = cfg.AccessTTL
	appCfg.RefreshTTL = cfg.RefreshTTL
	appCfg.PublicBaseURL = cfg.PublicBaseURL
	return application.New(application.Deps{
		UnitOfWork:        store.NewUnitOfWork(engines, relay.Notify),
		UserReadModel:     store.NewUserReadModel(engines),
		ResetTokenFinder:  store.NewPasswordResetTokenFinder(engines),
		PasswordHasher:    hasher,
		AccessTokenIssuer: signer,
		Mailer:            mailer,
		MailComposer:      mail.Composer{},
		Clock:             clk,
		Bus:               b,
		Config:            appCfg,
		Observer:          observer,
	})
}

func routes(app *application.Application, ring *tokens.KeyRing, store *keyring.Store, limiter *ratelimit.Limiter, cfg config, base pconfig.Base, logger *slog.Logger) []httpx.Route {
	limits := httpapi.Limits{
		Registrations:  limiter.Limit("registrations", cfg.RegistrationRate),
		PasswordResets: limiter.Limit("password_resets", cfg.PasswordResetRate),
	}
	return slices.Concat(httpapi.Routes(app, limits), []httpx.Route{tokens.JWKSRoute(ring, base.KeysReloadInterval)},
		keyhttp.Routes(store, keyring.PublishFor(base.KeysReloadInterval), logger))
}

// subscribe registers the mailer with the broker while the graph is built, so it is subscribed
// before any relay publishes or any consumer starts.
func subscribe(broker outbox.Subscriber, app *application.Application) {
	subscribers.Register(broker, app)
}

// bootstrapAdmin creates the first admin from BOOTSTRAP_ADMIN_EMAIL/PASSWORD at start, so a new
// deployment can be administered without touching the database.
func bootstrapAdmin(lc fx.Lifecycle, cfg config, app *application.Application, logger *slog.Logger) {
	if cfg.BootstrapAdminEmail == "" {
		return
	}
	lc.Append(fx.StartHook(func(ctx context.Context) error {
		created, err := app.Commands.EnsureAdmin.Handle(ctx, application.EnsureAdmin{
			Email: cfg.BootstrapAdminEmail, Password: cfg.BootstrapAdminPassword,
		})
		if err != nil {
			return err
		}
		if created {
			logger.Info("bootstrap admin created", "email", cfg.BootstrapAdminEmail)
		}
		return nil
	}))
}

// purgeInterval is how often expired brute-force windows and reset tokens are deleted; they
// are harmless meanwhile (an expired window restarts at 1, an expired token is refused), so
// this only bounds the tables' size.
const purgeInterval = 5 * time.Minute

func purgePeriodically(lc fx.Lifecycle, app *application.Application, logger *slog.Logger) {
	platform.Every(lc, purgeInterval, false, func(ctx context.Context) {
		if _, err := app.Commands.PurgeLoginThrottle.Handle(ctx, application.PurgeLoginThrottle{}); err != nil {
			logger.Warn("purging expired login throttle windows failed", "error", err)
		}
		if _, err := app.Commands.PurgePasswordResetTokens.Handle(ctx, application.PurgePasswordResetTokens{}); err != nil {
			logger.Warn("purging expired password reset tokens failed", "error", err)
		}
	})
}
