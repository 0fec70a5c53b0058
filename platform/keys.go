package platform

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"go.uber.org/fx"

	"github.com/modmono/platform/config"
	"github.com/modmono/platform/keyring"
)

// KeepKeys loads (or creates, once for every replica) a purpose's keys from store and reloads
// them every KEYS_RELOAD_INTERVAL from the app's start to its stop, so a rotation made by any
// replica or by `keys rotate` reaches this one before the new key signs.
func KeepKeys(lc fx.Lifecycle, base config.Base, store *keyring.Store, cfg keyring.KeeperConfig, logger *slog.Logger) (*keyring.Keeper, error) {
	ctx, cancel := context.WithTimeout(context.Background(), openTimeout)
	defer cancel()
	keeper, err := keyring.NewKeeper(ctx, store, cfg)
	if err != nil {
		// With AUTO_MIGRATE=false the table may not exist yet: say what to run.
		return nil, fmt.Errorf("the %s keys kept in the database (with AUTO_MIGRATE=false, run `migrate up` first): %w", cfg.Purpose, err)
	}
	now := time.Now()
	if cfg.Clock != nil {
		now = cfg.Clock.Now()
	}
	set, _ := keeper.Current()
	signing, _ := set.Signing(now)
	logger.Info("keys kept in the database", "purpose", cfg.Purpose, "generations", len(set), "signing_generation", signing.Generation)
	Every(lc, base.KeysReloadInterval, false, func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := keeper.Reload(ctx); err != nil {
			logger.Warn("reloading the keys failed; the ones loaded before are kept", "purpose", cfg.Purpose, "error", err)
		}
	})
	return keeper, nil
}
