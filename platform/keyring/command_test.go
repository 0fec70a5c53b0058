package keyring_test

import (
	"strings"
	"testing"
	"time"

	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/keyring"
)

func TestCommand(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	clk := clock.NewManual(start)
	store := keyring.NewStore(dbtest.OpenMigrated(t, "sqlite", "auth", "keys"), clk)
	steps := []struct {
		name    string
		before  func()
		command string
		want    []string
		wantErr string
	}{
		{name: "rotate on a store without keys creates none", command: "rotate", want: []string{"nothing to rotate"}},
		{name: "rotate adds the next generation of each purpose", command: "rotate",
			before: func() {
				for _, p := range keyring.Purposes {
					if _, err := store.Ensure(ctx, p, nil); err != nil {
						t.Fatal(err)
					}
				}
			},
			want: []string{"jwt-signing: generation 2 added; it signs from 2026-01-02T03:05:05Z", "admin-session: generation 2 added"}},
		{name: "rotate again before it signs keeps that key", command: "rotate",
			want: []string{"jwt-signing: generation 2 already published by an earlier rotation"}},
		{name: "status lists every generation, newest first", command: "status",
			want: []string{"jwt-signing    2           published", "jwt-signing    1           signing"}},
		{name: "status once the new key signs", command: "status", before: func() { clk.Advance(time.Minute) },
			want: []string{"jwt-signing    2           signing", "jwt-signing    1           retired"}},
		{name: "an unknown command", command: "shred", wantErr: `unknown keys command "shred"`},
	}
	for _, s := range steps { // in order: they share one store
		if s.before != nil {
			s.before()
		}
		var out strings.Builder
		err := keyring.Command(ctx, store, s.command, time.Minute, &out)
		if s.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), s.wantErr) {
				t.Fatalf("%s: error %v; want one containing %q", s.name, err, s.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		for _, want := range s.want {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s: output lacks %q:\n%s", s.name, want, out.String())
			}
		}
	}
}
