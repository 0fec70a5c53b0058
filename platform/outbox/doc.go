// Package outbox is the transactional outbox every context writes its integration events to, the
// relay that delivers them at least once, and the inbox with which subscribers make redelivery
// harmless.
//
// A command appends its events with Append in the same transaction as its change, so an event
// exists exactly when the change does. A Relay (one per context per process) publishes committed
// events in seq order through a Publisher — the in-process LocalBroker today, a broker client
// later — keeping the order of each aggregate's events, backing off on failures and parking an
// event that keeps failing instead of dropping it. Each subscriber calls Inbox in the transaction
// of its effect, so that an event delivered twice takes effect once.
//
// Both tables come from the shared "messaging" migration set, applied to every context's
// database.
package outbox
