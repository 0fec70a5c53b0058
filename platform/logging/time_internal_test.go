package logging

import (
	"testing"
	"time"

	"pgregory.net/rapid"
)

// TestAppendRFC3339NanoIsTimesOwnFormat: the once-a-second shortcut writes what
// time.AppendFormat(time.RFC3339Nano) writes, for any instant, fraction and zone, in any order.
func TestAppendRFC3339NanoIsTimesOwnFormat(t *testing.T) {
	t.Parallel()
	zones := []*time.Location{time.UTC, time.Local, time.FixedZone("IST", 5*3600+1800),
		time.FixedZone("PST", -8*3600), time.FixedZone("odd", -(3*3600 + 7*60 + 13))}
	rapid.Check(t, func(t *rapid.T) {
		sec := rapid.Int64Range(-62135596800, 253402300799).Draw(t, "unix") // years 1 to 9999
		ns := rapid.SampledFrom([]int{0, 1, 10, 100000, 120000000, 999999999, 500000000}).Draw(t, "ns")
		if rapid.Bool().Draw(t, "any fraction") {
			ns = rapid.IntRange(0, 999999999).Draw(t, "fraction")
		}
		at := time.Unix(sec, int64(ns)).In(rapid.SampledFrom(zones).Draw(t, "zone"))
		for range 2 { // the second call reads the stamp the first one made
			if got, want := string(appendRFC3339Nano([]byte("x"), at)), "x"+at.Format(time.RFC3339Nano); got != want {
				t.Fatalf("appendRFC3339Nano(%v) = %q; want %q", at, got, want)
			}
		}
	})
}
