package application

import (
	"errors"
	"fmt"
	"reflect"

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

// dependency names a constructor argument for requireAll.
type dependency struct {
	name  string
	value any
}

func dep(name string, value any) dependency { return dependency{name: name, value: value} }

// requireAll rejects missing dependencies when the application is wired, naming each one,
// instead of letting the first request that needs it panic. A typed nil pointer counts as
// missing too.
func requireAll(useCase string, deps ...dependency) error {
	var missing []error
	for _, d := range deps {
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
