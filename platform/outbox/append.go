package outbox

import (
	"context"
	"embed"
	"fmt"

	"github.com/modmono/platform/db"
)

//go:embed *.sql
var sqlFiles embed.FS

// queries holds every statement of the package; a malformed file fails at start.
var queries = db.MustLoadQueries(sqlFiles)

// Append writes events to the outbox on conn, which must be the transaction of the command's
// Unit of Work: the events then commit, or roll back, with the change they describe. Nothing is
// published here; after the commit the Unit of Work calls Relay.Notify for prompt delivery.
func Append(ctx context.Context, conn db.Conn, events ...Event) error {
	for _, e := range events {
		if err := e.validate(); err != nil {
			return err
		}
		_, err := queries.Exec(ctx, conn, "outbox.append", db.Args{
			"id":           e.ID,
			"type":         e.Type,
			"version":      e.Version,
			"aggregate_id": e.AggregateID,
			"occurred_at":  e.OccurredAt,
			"trace_parent": e.TraceParent,
			"payload":      string(e.Payload),
		})
		if err != nil {
			return fmt.Errorf("append event %s (%s) to the outbox: %w", e.Type, e.ID, err)
		}
	}
	return nil
}
