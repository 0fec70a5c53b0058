package main

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func TestOptionsRefuseContradictions(t *testing.T) {
	t.Parallel()
	ok := options{duration: time.Second, connections: 1, repeat: 1, splitRate: 500, growthRate: 1000, natsURL: "nats://x"}
	tests := []struct {
		name    string
		change  func(*options)
		wantErr string
	}{
		{name: "defaults", change: func(*options) {}},
		{name: "one -only", change: func(o *options) { o.growthOnly = true }},
		{name: "two -only", change: func(o *options) { o.growthOnly, o.splitOnly = true, true }, wantErr: "at most one"},
		{name: "stage2 and stage3 only", change: func(o *options) { o.stage2Only, o.stage3Only = true, true }, wantErr: "at most one"},
		{name: "split without NATS", change: func(o *options) { o.splitOnly, o.natsURL = true, "" }, wantErr: "-nats-url"},
		{name: "no rounds", change: func(o *options) { o.repeat = 0 }, wantErr: "-repeat"},
		{name: "no split rate", change: func(o *options) { o.splitRate = 0 }, wantErr: "-split-write-rate"},
		{name: "no growth rate", change: func(o *options) { o.growthRate = 0 }, wantErr: "-growth-rate"},
		{name: "no duration", change: func(o *options) { o.duration = 0 }, wantErr: "-duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o := ok
			tt.change(&o)
			err := o.validate()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("validate() = %v, want nil", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("validate() = %v, want an error naming %q", err, tt.wantErr)
			}
		})
	}
}

func TestJoinDurationsFitTheirCell(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   []time.Duration
		want string
	}{
		{in: []time.Duration{1234567 * time.Nanosecond}, want: "1.235ms"},
		{in: []time.Duration{850 * time.Microsecond, 12345 * time.Microsecond, 2 * time.Millisecond}, want: "850µs / 12.3ms / 2ms"},
	}
	for _, tt := range tests {
		got := joinDurations(tt.in)
		if got != tt.want {
			t.Errorf("joinDurations(%v) = %q, want %q", tt.in, got, tt.want)
		}
		if len([]rune(got)) > cellWidth(len(tt.in)) {
			t.Errorf("%q is wider than its cell (%d)", got, cellWidth(len(tt.in)))
		}
	}
}

// The seeded ids are what keyset pagination orders by: each must be a UUIDv7 (version 7,
// RFC 9562 variant), they must ascend with the row number across seeding steps, and all must
// be older than an id made now.
func TestSeededIDsAreAscendingUUIDv7sOlderThanNow(t *testing.T) {
	t.Parallel()
	url := os.Getenv("TEST_DATABASE_URL")
	if url == "" {
		t.Skip("TEST_DATABASE_URL is not set")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Skipf("PostgreSQL is not reachable: %v", err)
	}
	defer conn.Close(ctx)
	var ids []string
	for _, step := range [][2]int{{0, 500}, {500, 1000}, {999_990, 1_000_000}} {
		rows, err := conn.Query(ctx, `WITH s AS (`+seedRows+`) SELECT `+seedID+`::text FROM s ORDER BY i`, seedEpoch, step[0], step[1])
		if err != nil {
			t.Fatal(err)
		}
		got, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, got...)
	}
	v7 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	nowHex := fmt.Sprintf("%012x", time.Now().UnixMilli()) // a UUIDv7's first 48 bits
	for i, id := range ids {
		if !v7.MatchString(id) {
			t.Fatalf("id %d = %q, not a UUIDv7", i, id)
		}
		if i > 0 && id <= ids[i-1] {
			t.Fatalf("id %d = %s does not come after %s", i, id, ids[i-1])
		}
		if ts := id[:8] + id[9:13]; ts >= nowHex {
			t.Fatalf("id %d = %s is not older than now (%s)", i, id, nowHex)
		}
	}
}

func TestRatiosCompareTheLargestSizeWithTheSmallestRoundByRound(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	got := ratios([][]time.Duration{{2 * ms, 4 * ms}, {3 * ms, 4 * ms}, {5 * ms, 2 * ms}})
	if want := "2.50 / 0.50"; got != want {
		t.Errorf("ratios = %q, want %q", got, want)
	}
}
