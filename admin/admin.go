// Package admin is the admin panel's facade: the fx module that serves server-rendered pages
// under /admin. The panel is a client of the public API: it signs in through
// POST /api/v1/auth/login and performs every action with the admin's own tokens, over loopback
// HTTP to this process's own listener, so each action runs the same route, checks and use case
// as any API call, and the panel works unchanged when the contexts are split behind the gateway.
package admin

import (
	"fmt"
	"log/slog"
	"net"
	"time"

	"go.uber.org/fx"

	"github.com/modmono/admin/internal/apiclient"
	"github.com/modmono/admin/internal/session"
	"github.com/modmono/admin/internal/web"
	"github.com/modmono/platform"
	"github.com/modmono/platform/clock"
	pconfig "github.com/modmono/platform/config"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/keyring"
)

// config is the panel's own configuration. Without SessionKeys or SessionKeysFile the keys are
// kept in auth's database, which every replica shares (or, when auth runs elsewhere, in
// legacyKeysFile).
type config struct {
	// SessionKeys are "HASH,BLOCK" base64 pairs; the first signs and encrypts new cookies.
	SessionKeys string `env:"ADMIN_SESSION_KEYS"`
	// SessionKeysFile keeps generated keys when SessionKeys is unset (mode 0600).
	SessionKeysFile string `env:"ADMIN_SESSION_KEYS_FILE"`
}

// legacyKeysFile is where the panel kept its generated keys before they were kept in the
// database: imported as the first stored key when it exists, and still used when this process
// has no auth store (AUTH_URL set) and nothing is configured.
const legacyKeysFile = "./var/admin-session.keys"

// Validate implements the config package's check.
func (c config) Validate() error {
	if c.SessionKeys != "" {
		if _, err := session.ParseKeys(c.SessionKeys); err != nil {
			return fmt.Errorf("ADMIN_SESSION_KEYS: %w", err)
		}
	}
	return nil
}

// Module wires the panel. It needs the running server's address for its loopback calls; it
// takes it in an invoke, after the graph is built, since the server itself consumes the routes.
var Module = fx.Module("admin",
	fx.Provide(
		fx.Private,
		pconfig.Load[config],
		newManager,
		newLoopback,
		func(l *loopback) *apiclient.Client { return apiclient.New(l.baseURL) },
		web.New,
	),
	fx.Provide(platform.AsRoutes(func(p *web.Panel) []httpx.Route { return p.Routes() })),
	fx.Invoke(func(l *loopback, s *platform.Server) { l.server = s }),
)

type managerParams struct {
	fx.In
	Lifecycle fx.Lifecycle
	Config    config
	Base      pconfig.Base
	Clock     clock.Clock
	Logger    *slog.Logger
	// Store is auth's key store, when auth runs in this process.
	Store *keyring.Store `name:"shared-keys" optional:"true"`
}

func newManager(p managerParams) (*session.Manager, error) {
	now := func() time.Time { return p.Clock.Now() }
	if p.Config.SessionKeys == "" && p.Config.SessionKeysFile == "" && p.Store != nil {
		keeper, err := platform.KeepKeys(p.Lifecycle, p.Base, p.Store, keyring.KeeperConfig{
			Purpose: keyring.AdminSession, Import: session.ImportKeysFile(legacyKeysFile), Clock: p.Clock,
		}, p.Logger)
		if err != nil {
			return nil, fmt.Errorf("admin session keys: %w", err)
		}
		// A cookie not used for IdleTimeout is dead, and every use re-signs it with the current
		// key; the publish period covers a replica that switched late.
		lifetime := session.IdleTimeout + keyring.PublishFor(p.Base.KeysReloadInterval)
		return session.NewStoredManager(keeper, lifetime, now), nil
	}
	var keys []session.KeyPair
	var err error
	switch {
	case p.Config.SessionKeys != "":
		keys, err = session.ParseKeys(p.Config.SessionKeys)
	case p.Config.SessionKeysFile != "":
		keys, err = session.LoadOrCreateKeys(p.Config.SessionKeysFile)
	default:
		keys, err = session.LoadOrCreateKeys(legacyKeysFile)
	}
	if err != nil {
		return nil, fmt.Errorf("admin session keys: %w", err)
	}
	return session.NewManager(keys, now), nil
}

// loopback finds this process's own API listener.
type loopback struct{ server *platform.Server }

func newLoopback() *loopback { return &loopback{} }

// baseURL is http://127.0.0.1:PORT (or [::1]) of the bound listener: an unspecified listen
// address (":8080") is reached on the loopback interface.
func (l *loopback) baseURL() string {
	if l.server == nil || l.server.Addr() == nil {
		return "http://127.0.0.1:0"
	}
	addr, ok := l.server.Addr().(*net.TCPAddr)
	if !ok {
		return "http://" + l.server.Addr().String()
	}
	ip := addr.IP
	if ip == nil || ip.IsUnspecified() {
		ip = net.IPv4(127, 0, 0, 1)
	}
	return "http://" + net.JoinHostPort(ip.String(), fmt.Sprint(addr.Port))
}
