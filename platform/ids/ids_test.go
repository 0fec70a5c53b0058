package ids_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/modmono/platform/ids"
)

func TestCanonicalLowersAUUIDAndRefusesAnythingElse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"0190A0B1-C2D3-7E4F-8A9B-0C1D2E3F4A5B", "0190a0b1-c2d3-7e4f-8a9b-0c1d2e3f4a5b", true},
		{"0190a0b1-c2d3-7e4f-8a9b-0c1d2e3f4a5b", "0190a0b1-c2d3-7e4f-8a9b-0c1d2e3f4a5b", true},
		{"0190a0b1c2d37e4f8a9b0c1d2e3f4a5b", "", false}, // a UUID, but not in the stored form
		{"not-an-id", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if got, ok := ids.Canonical(tt.in); got != tt.want || ok != tt.ok {
				t.Fatalf("Canonical(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestMaxSortsAfterNewIDs(t *testing.T) {
	t.Parallel()
	if id := ids.New(); !ids.Valid(ids.Max) || id >= ids.Max {
		t.Fatalf("Max %q (valid %v) does not sort after a new id %q", ids.Max, ids.Valid(ids.Max), id)
	}
}

func TestNewRequestIDIsAUniqueWellFormedUUIDv7(t *testing.T) {
	t.Parallel()
	before := time.Now().UnixMilli()
	seen := map[string]bool{}
	for range 10000 {
		id := ids.NewRequestID()
		u, err := uuid.Parse(id)
		switch {
		case err != nil || !ids.Valid(id):
			t.Fatalf("%q is not a UUID: %v", id, err)
		case u.Version() != 7 || u.Variant() != uuid.RFC4122:
			t.Fatalf("%q: version %d variant %v, want 7 and RFC 4122", id, u.Version(), u.Variant())
		case strings.ToLower(id) != id:
			t.Fatalf("%q is not in lower case", id)
		case seen[id]:
			t.Fatalf("%q made twice", id)
		}
		seen[id] = true
		sec, nsec := u.Time().UnixTime()
		if ms := (sec*1e9 + nsec) / 1e6; ms < before || ms > time.Now().UnixMilli() {
			t.Fatalf("%q carries time %d ms, want between %d and now", id, ms, before)
		}
	}
}
