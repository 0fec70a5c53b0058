// Package gateway composes every context in one process (cmd/gateway) and routes to the
// contexts that run as their own services.
package gateway
