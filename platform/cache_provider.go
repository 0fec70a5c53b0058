package platform

import (
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/fx"

	"github.com/modmono/platform/cache"
	"github.com/modmono/platform/config"
)

// newCache opens the query cache CACHE_URL names, closed when the app stops; nil (no cache)
// when it is unset. Contexts take it as a *cache.Cache and use it whether nil or not.
func newCache(lc fx.Lifecycle, reg prometheus.Registerer, logger *slog.Logger) (*cache.Cache, error) {
	cfg, err := config.Load[cache.Config]()
	if err != nil {
		return nil, err
	}
	c, err := cache.Open(cfg, reg, logger)
	if err != nil || c == nil {
		return nil, err
	}
	lc.Append(fx.StopHook(c.Close))
	return c, nil
}
