// Package deps checks constructor arguments: handlers receive their ports through constructors
// that reject nil dependencies (STYLE.md rule 1), so a wiring mistake fails at start-up.
package deps

import (
	"errors"
	"fmt"
	"reflect"
)

// Dep names one constructor argument for Require.
type Dep struct {
	name  string
	value any
}

// Named pairs a dependency with the name Require reports it under.
func Named(name string, value any) Dep { return Dep{name: name, value: value} }

// Require rejects missing dependencies when the application is wired, naming each one as
// "<useCase>: <name> is nil", instead of letting the first request that needs it panic. A typed
// nil pointer counts as missing too: an interface holding one is not == nil but panics all the
// same.
func Require(useCase string, ds ...Dep) error {
	var missing []error
	for _, d := range ds {
		if isNil(d.value) {
			missing = append(missing, fmt.Errorf("%s: %s is nil", useCase, d.name))
		}
	}
	return errors.Join(missing...)
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return rv.IsNil()
	default:
		return false
	}
}
