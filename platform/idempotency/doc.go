// Package idempotency makes a route safe to retry: an HTTP middleware that runs a request with
// a given Idempotency-Key once per user and replays its stored response to every retry.
//
// A context wraps each route that needs it, and applies the "idempotency" migration set to its
// own database, where NewStore keeps the state, so that every instance sees the same keys:
//
//	store := idempotency.NewStore(engines, clk)
//	route.Handler = idempotency.Middleware(store, idempotency.Required)(handler)
//
// and runs Store.DeleteExpired periodically.
//
// # What the middleware guarantees
//
// A key is 1..255 printable ASCII characters, scoped to the authenticated user, kept 24 hours.
// The first request with a key claims it with a short lease (default 60 s, timed by the
// database's clock, so that instances whose clocks disagree still agree on it) and runs; its
// answer, if below 500, is stored and replayed byte for byte (status, Content-Type, Location,
// body; header Idempotent-Replayed: true) to any later request with the same key, method, path
// and body, which executes nothing. The same key with another request is 422
// IDEMPOTENCY_KEY_REUSED; while the first runs, 409 IDEMPOTENCY_KEY_IN_USE. A 5xx answer
// releases the key, so a retry runs again: a 503 at the request's deadline comes from a
// transaction that was rolled back (db.Engine.InTx), so the retry does the work once.
//
// # What the handler must do: dedupe its effect by KeyFrom
//
// The middleware alone cannot make an effect happen exactly once. A process can die after the
// handler committed its effect (a charge) but before the response was stored; its lease then
// expires, and a retry takes the key over and runs the handler again. So a handler whose effect
// must not repeat stores KeyFrom(ctx) with that effect, in the same transaction, under a unique
// (user, key) constraint, and on a retry finds the existing effect and answers it instead of
// acting again (payments stores the key on the payment). Together they give: "a process that
// dies after committing but before answering: the retry returns the stored result and never
// charges twice". The same holds when a handler outlives its lease (it must not: keep the lease
// above the server's write timeout, see WithLease).
package idempotency
