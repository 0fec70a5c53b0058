package bus_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/modmono/platform/bus"
	"github.com/modmono/platform/errs"
)

func call(name string, kind bus.Kind) bus.Call { return bus.Call{Name: name, Kind: kind} }

func returning(err error) func(context.Context) error {
	return func(context.Context) error { return err }
}

func TestLoggingLevelsFollowTheOutcome(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		err       error
		wantLevel string
		wantCode  string
	}{
		{"success is debug", nil, "DEBUG", ""},
		{"not found is info", errs.NotFound("USER_NOT_FOUND", "no such user"), "INFO", "USER_NOT_FOUND"},
		{"validation is info", errs.Validation(errs.Field("email", errs.FieldRequired, "required")), "INFO", "VALIDATION_FAILED"},
		{"unavailable is error", errs.Unavailable("db down", time.Second, errors.New("dial tcp")), "ERROR", "SERVICE_UNAVAILABLE"},
		{"a bare error is error", errors.New("disk on fire"), "ERROR", "INTERNAL"},
		{"a canceled caller is info", fmt.Errorf("query: %w", context.Canceled), "INFO", "INTERNAL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
			err := bus.Logging(log)(context.Background(), call("auth.register", bus.KindCommand), returning(tc.err))
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want the handler's %v", err, tc.err)
			}
			var rec map[string]any
			if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
				t.Fatalf("want exactly one JSON record, got %q: %v", buf.String(), err)
			}
			if rec["level"] != tc.wantLevel || rec["handler"] != "auth.register" || rec["kind"] != "command" {
				t.Fatalf("record %v, want level %s for auth.register command", rec, tc.wantLevel)
			}
			if _, ok := rec["duration_ms"].(float64); !ok {
				t.Fatalf("duration_ms = %#v, want a number", rec["duration_ms"])
			}
			if tc.err != nil && (rec["code"] != tc.wantCode || rec["error"] != tc.err.Error()) {
				t.Fatalf("record %v, want code %s and the cause", rec, tc.wantCode)
			}
		})
	}
}

func TestLoggingKeepsSubMillisecondDurations(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	_ = bus.Logging(log)(context.Background(), call("x", bus.KindQuery), func(context.Context) error {
		time.Sleep(50 * time.Microsecond)
		return nil
	})
	var rec struct {
		DurationMS float64 `json:"duration_ms"`
	}
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.DurationMS <= 0 {
		t.Fatalf("duration_ms = %v, want a positive fraction of a millisecond", rec.DurationMS)
	}
}

func TestLoggingSkipsDisabledLevels(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	_ = bus.Logging(log)(context.Background(), call("x", bus.KindQuery), returning(nil))
	if buf.Len() != 0 {
		t.Fatalf("success logged at info level: %s", buf.String())
	}
}
