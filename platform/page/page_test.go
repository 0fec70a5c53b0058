package page_test

import (
	"testing"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/page"
)

func TestAfterIDIsTheKeysetBoundOfAPageOrderedByID(t *testing.T) {
	t.Parallel()
	id := ids.New()
	tests := []struct {
		name, after, want string
		wantErr           bool
	}{
		{"the first page starts above every id", "", ids.Max, false},
		{"a later page starts below the cursor's id", id, id, false},
		{"an upper-case id is read in its stored form", "0190A0B1-C2D3-7E4F-8A9B-0C1D2E3F4A5B", "0190a0b1-c2d3-7e4f-8a9b-0c1d2e3f4a5b", false},
		{"a cursor that holds no id is refused", "2026-01-01T00:00:00Z", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := page.Request{Limit: 20, After: tt.after}.AfterID()
			if got != tt.want || (err != nil) != tt.wantErr {
				t.Fatalf("AfterID = %q, %v; want %q (error %v)", got, err, tt.want, tt.wantErr)
			}
			if tt.wantErr && !errs.HasCode(err, errs.CodeValidationFailed) {
				t.Fatalf("error %v; want %s", err, errs.CodeValidationFailed)
			}
		})
	}
}

func TestAfterIDReadsWhatACursorCarries(t *testing.T) {
	t.Parallel()
	id := ids.New()
	req, err := page.Parse("", page.EncodeCursor(id))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := req.AfterID(); got != id || err != nil {
		t.Fatalf("AfterID of the cursor of %s = %q, %v", id, got, err)
	}
}

func TestWithDefaultLimitFillsOnlyAMissingLimit(t *testing.T) {
	t.Parallel()
	for in, want := range map[int]int{0: page.DefaultLimit, -1: page.DefaultLimit, 1: 1, page.MaxLimit: page.MaxLimit} {
		if got := (page.Request{Limit: in, After: "x"}).WithDefaultLimit(); got != (page.Request{Limit: want, After: "x"}) {
			t.Errorf("limit %d: %+v; want limit %d, the cursor kept", in, got, want)
		}
	}
}
