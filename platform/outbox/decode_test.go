package outbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/outbox"
)

type placedV1 struct {
	Total int `json:"total"`
}

type placedV2 struct {
	Total struct {
		Amount   int    `json:"amount"`
		Currency string `json:"currency"`
	} `json:"total"`
}

func placed(t *testing.T, version int, payload string) outbox.Event {
	t.Helper()
	e, err := outbox.NewEvent(context.Background(), clock.System{}, "orders.order_placed", version, "agg-1", json.RawMessage(payload))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestDecodeReadsAKnownVersionIntoItsOwnTarget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		event          outbox.Event
		wantV1, wantV2 int
	}{
		{"version 1", placed(t, 1, `{"total":1200}`), 1200, 0},
		{"version 2", placed(t, 2, `{"total":{"amount":1300,"currency":"EUR"}}`), 0, 1300},
		{"a field this subscriber does not read is ignored", placed(t, 1, `{"total":5,"note":"x"}`), 5, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var v1 placedV1
			var v2 placedV2
			if err := outbox.Decode(tt.event, outbox.Version(1, &v1), outbox.Version(2, &v2)); err != nil {
				t.Fatal(err)
			}
			if v1.Total != tt.wantV1 || v2.Total.Amount != tt.wantV2 {
				t.Fatalf("decoded v1 %+v, v2 %+v; want totals %d and %d", v1, v2, tt.wantV1, tt.wantV2)
			}
		})
	}
}

func TestDecodeFailsWhatTheSubscriberCannotRead(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		event       outbox.Event
		known       func(into *placedV1) []outbox.Known
		wantUnknown bool
		wantText    string
	}{
		{"a version above the one known", placed(t, 99, `{"total":1}`),
			func(p *placedV1) []outbox.Known { return []outbox.Known{outbox.Version(1, p)} },
			true, "orders.order_placed %s is version 99; this subscriber knows version 1"},
		{"a version below the ones known", placed(t, 1, `{"total":1}`),
			func(p *placedV1) []outbox.Known { return []outbox.Known{outbox.Version(2, p), outbox.Version(3, p)} },
			true, "is version 1; this subscriber knows versions 2, 3"},
		{"a payload that does not unmarshal", placed(t, 1, `{"total":"many"}`),
			func(p *placedV1) []outbox.Known { return []outbox.Known{outbox.Version(1, p)} },
			false, "decode orders.order_placed %s (version 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var into placedV1
			err := outbox.Decode(tt.event, tt.known(&into)...)
			want := strings.ReplaceAll(tt.wantText, "%s", tt.event.ID)
			if err == nil || !strings.Contains(err.Error(), want) || errors.Is(err, outbox.ErrUnknownVersion) != tt.wantUnknown {
				t.Fatalf("Decode = %v; want an error containing %q (unknown version: %v)", err, want, tt.wantUnknown)
			}
			if into != (placedV1{}) {
				t.Fatalf("decoded %+v from an event it failed; want nothing", into)
			}
		})
	}
}
