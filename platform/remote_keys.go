package platform

import (
	"strings"

	"go.uber.org/fx"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/clock"
)

// VerifyWithJWKS provides the token verifier's keys from the auth service at authURL, for every
// process that does not run auth itself: only auth holds a signing key.
func VerifyWithJWKS(authURL string) fx.Option {
	return fx.Provide(func(clk clock.Clock) authn.KeySource {
		return authn.NewRemoteKeys(authn.RemoteKeysConfig{
			URL:   strings.TrimSuffix(authURL, "/") + "/.well-known/jwks.json",
			Clock: clk,
		})
	})
}
