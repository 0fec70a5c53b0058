package migrations

import (
	"context"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/modmono/platform/db"
)

// Command runs `migrate up|down|status` for every set of one context on its write engine:
// up applies them in order, down rolls back one migration of each (shared sets first, as they
// were applied last), status prints a table to w.
func Command(ctx context.Context, e *db.Engine, contextName, command string, w io.Writer) error {
	sets, ok := Contexts[contextName]
	if !ok {
		return fmt.Errorf("no migration sets for context %q", contextName)
	}
	sets = slices.Clone(sets)
	if command == "down" {
		slices.Reverse(sets)
	}
	for _, set := range sets {
		var err error
		switch command {
		case "up":
			err = Up(ctx, e, set)
		case "down":
			err = Down(ctx, e, set)
		case "status":
			err = printStatus(ctx, e, set, w)
		default:
			return fmt.Errorf("unknown migrate command %q (want up, down or status)", command)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", set, err)
		}
	}
	return nil
}

func printStatus(ctx context.Context, e *db.Engine, set string, w io.Writer) error {
	status, err := Status(ctx, e, set)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\tVERSION\tAPPLIED AT\tFILE\n", set)
	for _, s := range status {
		applied := "pending"
		if s.Applied {
			applied = s.AppliedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "\t%d\t%s\t%s\n", s.Version, applied, s.Name)
	}
	return tw.Flush()
}
