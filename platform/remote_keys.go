package platform

import (
	"strings"
	"time"

	"go.uber.org/fx"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/config"
)

// VerifyWithJWKS provides the token verifier's keys from the auth service at authURL, for every
// process that does not run auth itself: only auth holds a signing key. The set is fetched again
// every KEYS_RELOAD_INTERVAL, as auth's replicas reload their keys, so a rotated key is known
// here before it signs (a rotation publishes it for two intervals first).
func VerifyWithJWKS(authURL string) fx.Option {
	return fx.Provide(func(clk clock.Clock, base config.Base) authn.KeySource {
		return authn.NewRemoteKeys(authn.RemoteKeysConfig{
			URL:         strings.TrimSuffix(authURL, "/") + "/.well-known/jwks.json",
			Clock:       clk,
			MaxAge:      base.KeysReloadInterval,
			MinInterval: min(10*time.Second, base.KeysReloadInterval),
		})
	})
}
