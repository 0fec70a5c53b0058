package application

import (
	"context"

	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/deps"
)

// PurgeLoginThrottle deletes ended login windows; the module runs it periodically so the
// throttle table holds only the last window's addresses.
type PurgeLoginThrottle struct{}

type purgeLoginThrottleHandler struct {
	uow   UnitOfWork
	clock clock.Clock
}

func NewPurgeLoginThrottleHandler(uow UnitOfWork, clk clock.Clock) (bus.Handler[PurgeLoginThrottle, struct{}], error) {
	if err := deps.Require("purge login throttle", deps.Named("UnitOfWork", uow), deps.Named("Clock", clk)); err != nil {
		return nil, err
	}
	return purgeLoginThrottleHandler{uow: uow, clock: clk}, nil
}

func (h purgeLoginThrottleHandler) Handle(ctx context.Context, _ PurgeLoginThrottle) (struct{}, error) {
	err := h.uow.Do(ctx, func(ctx context.Context, r Repositories) error {
		return r.LoginThrottle().DeleteExpired(ctx)
	})
	return struct{}{}, err
}
