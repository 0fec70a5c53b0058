package ids_test

import (
	"testing"

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
