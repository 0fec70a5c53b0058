package bus_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/modmono/platform/bus"
)

func recordingDecorator(name string, trail *[]string) bus.Decorator {
	return func(ctx context.Context, call bus.Call, next func(context.Context) error) error {
		*trail = append(*trail, name+">"+call.Name)
		err := next(ctx)
		*trail = append(*trail, "<"+name)
		return err
	}
}

func TestDecoratorsRunOutermostFirst(t *testing.T) {
	t.Parallel()
	var trail []string
	b := bus.New(recordingDecorator("a", &trail), recordingDecorator("b", &trail), recordingDecorator("c", &trail))
	h := bus.Command(b, "test.do", bus.HandlerFunc[int, int](func(_ context.Context, in int) (int, error) {
		trail = append(trail, "handler")
		return in * 2, nil
	}))

	out, err := h.Handle(context.Background(), 21)
	if err != nil || out != 42 {
		t.Fatalf("Handle = %d, %v; want 42, nil", out, err)
	}
	want := []string{"a>test.do", "b>test.do", "c>test.do", "handler", "<c", "<b", "<a"}
	if !reflect.DeepEqual(trail, want) {
		t.Fatalf("order:\n got %v\nwant %v", trail, want)
	}
}

func TestDecoratorsSeeTheHandlersErrorAndKind(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	var seen []bus.Call
	var seenErr error
	b := bus.New(func(ctx context.Context, call bus.Call, next func(context.Context) error) error {
		seen = append(seen, call)
		seenErr = next(ctx)
		return seenErr
	})
	q := bus.Query(b, "test.get", bus.HandlerFunc[int, int](func(context.Context, int) (int, error) { return 0, boom }))

	if _, err := q.Handle(context.Background(), 1); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if !errors.Is(seenErr, boom) || len(seen) != 1 || seen[0] != (bus.Call{Name: "test.get", Kind: bus.KindQuery}) {
		t.Fatalf("decorator saw %v, %v; want one query call test.get failing with boom", seen, seenErr)
	}
}
