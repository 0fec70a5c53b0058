package errs

import "sync"

// transientTests recognise errors of a dependency that cannot serve now but may shortly: a
// store that is down, busy or out of connections. Registered once at init, read afterwards.
var (
	transientMu    sync.RWMutex
	transientTests []func(error) bool
)

// RegisterTransient adds a test that recognises such errors. The package that owns them (the
// database layer) calls it from init, the way database/sql drivers register themselves, so that
// the HTTP edge can answer them 503 without importing the database layer or its drivers.
func RegisterTransient(is func(error) bool) {
	transientMu.Lock()
	defer transientMu.Unlock()
	transientTests = append(transientTests, is)
}

// IsTransient reports whether a registered test recognises err.
func IsTransient(err error) bool {
	if err == nil {
		return false
	}
	transientMu.RLock()
	defer transientMu.RUnlock()
	for _, is := range transientTests {
		if is(err) {
			return true
		}
	}
	return false
}
