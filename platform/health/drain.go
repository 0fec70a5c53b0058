package health

import "sync/atomic"

// Drain is a process's leaving state. Once started, /readyz answers 503 while every other route
// still serves, so that load balancers take the instance out before it stops accepting.
type Drain struct{ started atomic.Bool }

// NewDrain returns a Drain that has not started.
func NewDrain() *Drain { return &Drain{} }

// Start makes /readyz answer 503 from now on; it cannot be undone (the process is stopping).
func (d *Drain) Start() { d.started.Store(true) }

// Draining reports whether Start was called; a nil Drain never drains.
func (d *Drain) Draining() bool { return d != nil && d.started.Load() }
