package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/modmono/migrations"
	"github.com/modmono/platform/config"
	"github.com/modmono/platform/db"
)

// migrate runs one migration command on every context's store, each with its own version table.
func migrate(base config.Base, args []string) int {
	if len(args) != 1 || (args[0] != "up" && args[0] != "down" && args[0] != "status") {
		fmt.Fprintln(os.Stderr, "usage: gateway migrate up|down|status")
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	names := slices.Sorted(maps.Keys(migrations.Contexts))
	for _, name := range names {
		if err := migrateContext(ctx, base, name, args[0]); err != nil {
			fmt.Fprintf(os.Stderr, "gateway migrate %s: %s: %v\n", args[0], name, err)
			return 1
		}
	}
	return 0
}

// migrateContext runs command on each migration set of one context's store, which is found as
// the context's module finds it: <CONTEXT>_DATABASE_URL, else DATABASE_URL.
func migrateContext(ctx context.Context, base config.Base, name, command string) error {
	url := os.Getenv(strings.ToUpper(name) + "_DATABASE_URL")
	if url == "" {
		url = base.DatabaseURL
	}
	engines, err := db.Open(ctx, db.Config{URL: url, Context: name})
	if err != nil {
		return err
	}
	defer engines.Close()
	sets := slices.Clone(migrations.Contexts[name])
	if command == "down" {
		slices.Reverse(sets) // shared sets were applied last
	}
	for _, set := range sets {
		if err := migrateSet(ctx, engines.Write, set, command); err != nil {
			return fmt.Errorf("%s: %w", set, err)
		}
	}
	return nil
}

func migrateSet(ctx context.Context, e *db.Engine, set, command string) error {
	switch command {
	case "up":
		return migrations.Up(ctx, e, set)
	case "down":
		return migrations.Down(ctx, e, set)
	}
	status, err := migrations.Status(ctx, e, set)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "%s\tVERSION\tAPPLIED AT\tFILE\n", set)
	for _, s := range status {
		applied := "pending"
		if s.Applied {
			applied = s.AppliedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(w, "\t%d\t%s\t%s\n", s.Version, applied, s.Name)
	}
	return w.Flush()
}
