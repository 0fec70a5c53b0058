package idempotency

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/modmono/platform/db"
)

// claimAttempts bounds the loop below: each extra attempt follows a row that vanished or went
// stale between two statements, which takes a very unlucky schedule to happen twice.
const claimAttempts = 3

const (
	stateInFlight  = "in_flight"
	stateCompleted = "completed"
)

// stored is an idempotency key's row.
type stored struct {
	fingerprint, state string
	// leaseHeld: in flight within its lease, by the database's clock (see queries.*.sql).
	leaseHeld bool
	expiresAt time.Time
	response  response
}

// claim takes the key for c's run (nil, nil), or finds the response to replay, or the reason
// the request may not run (an *errs.Error).
func (s *Store) claim(ctx context.Context, c claim) (*response, error) {
	for range claimAttempts {
		now := s.clk.Now()
		args := c.args()
		args["fingerprint"], args["now"] = c.fingerprint, now
		args["lease_ms"], args["expires_at"] = s.lease.Milliseconds(), now.Add(Retention)
		n, err := queries.Exec(ctx, s.conn, "idempotency.claim", args)
		if err != nil {
			return nil, fmt.Errorf("claim idempotency key: %w", err)
		}
		if n == 1 {
			return nil, nil
		}
		row, found, err := s.load(ctx, c)
		if err != nil {
			return nil, err
		}
		now = s.clk.Now()
		switch {
		case !found, !row.expiresAt.After(now):
			// Released, cleaned up or expired meanwhile: the next claim inserts or overwrites it.
			continue
		case row.fingerprint != c.fingerprint:
			return nil, errKeyReused
		case row.state == stateCompleted:
			return &row.response, nil
		case row.leaseHeld:
			return nil, errKeyInUse
		}
		// In flight past its lease: the next claim takes it over.
	}
	return nil, errKeyInUse
}

func (s *Store) load(ctx context.Context, c claim) (stored, bool, error) {
	var (
		row     stored
		status  sql.NullInt64
		headers sql.NullString
	)
	err := queries.QueryRow(ctx, s.conn, "idempotency.get", db.Args{"user_id": c.userID, "key": c.key}).
		Scan(&row.fingerprint, &row.state, &row.leaseHeld, &row.expiresAt, &status, &headers, &row.response.body)
	if errors.Is(err, db.ErrNoRows) {
		return stored{}, false, nil
	}
	if err != nil {
		return stored{}, false, fmt.Errorf("read idempotency key: %w", err)
	}
	if row.state == stateCompleted {
		row.response.status = int(status.Int64)
		if row.response.header, err = decodeHeaders(headers.String); err != nil {
			return stored{}, false, err
		}
	}
	return row, true, nil
}
