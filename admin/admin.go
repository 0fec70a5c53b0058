// Package admin is the admin panel's facade: the fx module that serves server-rendered pages
// under /admin. The panel is a client of the public API: it signs in through
// POST /api/v1/auth/login and performs every action with the admin's own tokens, over loopback
// HTTP to this process's own listener, so each action runs the same route, checks and use case
// as any API call, and the panel works unchanged when the contexts are split behind the gateway.
package admin

import (
	"fmt"
	"net"
	"time"

	"go.uber.org/fx"

	"github.com/modmono/admin/internal/apiclient"
	"github.com/modmono/admin/internal/session"
	"github.com/modmono/admin/internal/web"
	"github.com/modmono/platform"
	pconfig "github.com/modmono/platform/config"
	"github.com/modmono/platform/httpx"
)

// config is the panel's own configuration.
type config struct {
	// SessionKeys are "HASH,BLOCK" base64 pairs; the first signs and encrypts new cookies.
	SessionKeys string `env:"ADMIN_SESSION_KEYS"`
	// SessionKeysFile keeps generated keys when SessionKeys is unset (mode 0600).
	SessionKeysFile string `env:"ADMIN_SESSION_KEYS_FILE" envDefault:"./var/admin-session.keys"`
}

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

func newManager(cfg config) (*session.Manager, error) {
	var keys []session.KeyPair
	var err error
	if cfg.SessionKeys != "" {
		keys, err = session.ParseKeys(cfg.SessionKeys)
	} else {
		keys, err = session.LoadOrCreateKeys(cfg.SessionKeysFile)
	}
	if err != nil {
		return nil, fmt.Errorf("admin session keys: %w", err)
	}
	return session.NewManager(keys, time.Now), nil
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
