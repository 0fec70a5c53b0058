package main

import (
	"context"
	"fmt"
	"os"
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
	for _, set := range migrations.Sets {
		if err := migrateSet(ctx, base, set, args[0]); err != nil {
			fmt.Fprintf(os.Stderr, "gateway migrate %s: %s: %v\n", args[0], set, err)
			return 1
		}
	}
	return 0
}

func migrateSet(ctx context.Context, base config.Base, set, command string) error {
	url := os.Getenv(strings.ToUpper(set) + "_DATABASE_URL")
	if url == "" {
		url = base.DatabaseURL
	}
	engines, err := db.Open(ctx, db.Config{URL: url, Context: set})
	if err != nil {
		return err
	}
	defer engines.Close()
	switch command {
	case "up":
		return migrations.Up(ctx, engines.Write, set)
	case "down":
		return migrations.Down(ctx, engines.Write, set)
	}
	status, err := migrations.Status(ctx, engines.Write, set)
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
