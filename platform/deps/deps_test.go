package deps_test

import (
	"testing"

	"github.com/modmono/platform/deps"
)

type port interface{ Do() }

type impl struct{}

func (*impl) Do() {}

func TestRequireNamesEveryMissingDependency(t *testing.T) {
	t.Parallel()
	var typedNil *impl
	var nilPort port = typedNil
	for _, tc := range []struct {
		name string
		ds   []deps.Dep
		want string
	}{
		{"none given", nil, ""},
		{"all present", []deps.Dep{deps.Named("Port", port(&impl{})), deps.Named("Limit", 0), deps.Named("Name", "")}, ""},
		{"untyped nil", []deps.Dep{deps.Named("Port", nil)}, "create thing: Port is nil"},
		{"typed nil pointer in an interface", []deps.Dep{deps.Named("Port", nilPort)}, "create thing: Port is nil"},
		{"nil map, slice, func and chan", []deps.Dep{
			deps.Named("Map", map[string]int(nil)), deps.Named("Slice", []int(nil)),
			deps.Named("Func", (func())(nil)), deps.Named("Chan", (chan int)(nil)),
		}, "create thing: Map is nil\ncreate thing: Slice is nil\ncreate thing: Func is nil\ncreate thing: Chan is nil"},
		{"only the missing ones, in order", []deps.Dep{
			deps.Named("A", nil), deps.Named("B", &impl{}), deps.Named("C", nil),
		}, "create thing: A is nil\ncreate thing: C is nil"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := deps.Require("create thing", tc.ds...)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("Require: want %q, got %q", tc.want, got)
			}
		})
	}
}
