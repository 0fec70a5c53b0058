package keyring

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// KeyStatus describes one stored generation without its secret: for operators.
type KeyStatus struct {
	Purpose    Purpose   `json:"purpose"`
	Generation int       `json:"generation"`
	CreatedAt  time.Time `json:"created_at"`
	SignsFrom  time.Time `json:"signs_from"`
	// State is "published" (verifies, signs from SignsFrom), "signing", or "retired" (verifies
	// what it signed until that has expired, then is deleted after Retention).
	State string `json:"state"`
}

// Statuses describes every generation of the set at now, newest first.
func (s Set) Statuses(purpose Purpose, now time.Time) []KeyStatus {
	signing, _ := s.Signing(now)
	out := make([]KeyStatus, 0, len(s))
	for i := len(s) - 1; i >= 0; i-- {
		k := s[i]
		state := "retired"
		switch {
		case k.Generation == signing.Generation:
			state = "signing"
		case k.Generation > signing.Generation:
			state = "published"
		}
		out = append(out, KeyStatus{Purpose: purpose, Generation: k.Generation, CreatedAt: k.CreatedAt, SignsFrom: k.SignsFrom, State: state})
	}
	return out
}

// Status describes every stored generation of every purpose.
func (s *Store) Status(ctx context.Context) ([]KeyStatus, error) {
	var all []KeyStatus
	for _, p := range Purposes {
		set, err := s.Load(ctx, p)
		if err != nil {
			return nil, err
		}
		all = append(all, set.Statuses(p, s.clk.Now())...)
	}
	return all, nil
}

// RotateAll rotates every purpose that has keys (one that has none gets its first key from the
// first replica that needs it), each new key signing publish from now.
func (s *Store) RotateAll(ctx context.Context, publish time.Duration) ([]Rotation, error) {
	var done []Rotation
	for _, p := range Purposes {
		set, err := s.Load(ctx, p)
		if err != nil {
			return done, err
		}
		if len(set) == 0 {
			continue
		}
		r, err := s.Rotate(ctx, p, publish)
		if err != nil {
			return done, err
		}
		done = append(done, r)
	}
	return done, nil
}

// Command runs `keys rotate|status` on a store, writing what it did to w: the operator's way to
// rotate (the admin panel has a button for the same).
func Command(ctx context.Context, s *Store, command string, publish time.Duration, w io.Writer) error {
	switch command {
	case "rotate":
		rotations, err := s.RotateAll(ctx, publish)
		if err != nil {
			return err
		}
		if len(rotations) == 0 {
			fmt.Fprintln(w, "no keys are kept in this database yet: nothing to rotate")
		}
		for _, r := range rotations {
			verb := "added"
			if !r.Added {
				verb = "already published by an earlier rotation"
			}
			fmt.Fprintf(w, "%s: generation %d %s; it signs from %s", r.Purpose, r.Key.Generation, verb, r.Key.SignsFrom.Format(time.RFC3339))
			if len(r.Deleted) > 0 {
				fmt.Fprintf(w, "; deleted expired generations %v", r.Deleted)
			}
			fmt.Fprintln(w)
		}
		return nil
	case "status":
		statuses, err := s.Status(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "PURPOSE\tGENERATION\tSTATE\tSIGNS FROM\tCREATED AT")
		for _, st := range statuses {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\n", st.Purpose, st.Generation, st.State,
				st.SignsFrom.Format(time.RFC3339), st.CreatedAt.Format(time.RFC3339))
		}
		return tw.Flush()
	default:
		return fmt.Errorf("unknown keys command %q (want rotate or status)", command)
	}
}
