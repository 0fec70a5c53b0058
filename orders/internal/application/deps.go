package application

import (
	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/clock"
)

// Deps are the ports the use cases are built from.
type Deps struct {
	UnitOfWork       UnitOfWork
	ProductReadModel ProductReadModel
	OrderReadModel   OrderReadModel
	Clock            clock.Clock
	Bus              *bus.Bus
}
