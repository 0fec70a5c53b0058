package main

import (
	"strings"
	"testing"
)

func TestTheEmbeddedListIsValid(t *testing.T) {
	t.Parallel()
	list, err := parseAccepted(acceptedJSON)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) == 0 {
		t.Fatal("accepted.json is empty: delete it and the rule, or list the reviewed exceptions")
	}
}

func TestParseAcceptedRejects(t *testing.T) {
	t.Parallel()
	const ok = `"module":"github.com/labstack/echo/v4","reason":"not used","reviewed":"2026-11-27"`
	tests := []struct{ name, list, wantErr string }{
		{"a bad advisory id", `[{"id":"CVE-2026-1",` + ok + `}]`, "is not GO-YYYY-NNNN"},
		{"no reason", `[{"id":"GO-2026-6875","module":"m","reviewed":"2026-11-27"}]`, "module and reason are required"},
		{"no module", `[{"id":"GO-2026-6875","reason":"r","reviewed":"2026-11-27"}]`, "module and reason are required"},
		{"a date that is not YYYY-MM-DD", `[{"id":"GO-2026-6875","module":"m","reason":"r","reviewed":"27/11/2026"}]`, "is not YYYY-MM-DD"},
		{"an advisory accepted twice", `[{"id":"GO-2026-6875",` + ok + `},{"id":"GO-2026-6875",` + ok + `}]`, "accepted twice"},
		{"an unknown member", `[{"id":"GO-2026-6875","expires":"2027-01-01",` + ok + `}]`, "unknown field"},
		{"not a list", `{"id":"GO-2026-6875"}`, "cannot unmarshal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseAccepted([]byte(tt.list))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want one saying %q", err, tt.wantErr)
			}
		})
	}
}
