// Package outboxhttp lets admins see and retry a context's parked outbox events over the API:
// the events its relay stopped trying to publish after too many failures. Every context serves
// the same two routes under its own name, so the gateway forwards them like any other route
// when the context runs as a service of its own.
package outboxhttp

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/outbox"
	"github.com/modmono/platform/page"
)

// Prefix is where every context's parked events are: Prefix + "/" + the context's name.
const Prefix = "/api/v1/admin/parked-events"

// Path is the list route of the named context's parked events.
func Path(contextName string) string { return Prefix + "/" + contextName }

// Routes are the named context's parked-event routes, for admins. relay may be nil when the
// handlers are about to be replaced by forwarders (proxy.Forward).
func Routes(contextName string, relay *outbox.Relay, logger *slog.Logger) []httpx.Route {
	tags := []string{"operations"}
	return []httpx.Route{
		{Method: http.MethodGet, Path: Path(contextName), Access: httpx.Admin, Handler: list(relay),
			OperationID: "listParked" + title(contextName) + "Events",
			Summary: "The " + contextName + " context's parked events, oldest first: those its outbox relay gave up publishing, " +
				"and (subscriber set) other contexts' events that its subscriber gave up on",
			Tags: tags, Response: page.Page[outbox.ParkedEvent]{}, Status: http.StatusOK,
			ResponseExample: listExample},
		{Method: http.MethodPost, Path: Path(contextName) + "/:id/retry", Access: httpx.Admin, Handler: retry(contextName, relay, logger),
			OperationID: "retryParked" + title(contextName) + "Event",
			Summary: "Retry a parked " + contextName + " event: its own is published again with a fresh set of attempts " +
				"(answered before it is published); a parked delivery is handed to its subscriber at once (409 if refused again)",
			Tags: tags, Status: http.StatusAccepted,
			Problems: []*errs.Error{outbox.ErrParkedEventNotFound(), outbox.ErrParkedEventStillFailing(nil)}},
	}
}

func list(relay *outbox.Relay) echo.HandlerFunc {
	return func(c echo.Context) error {
		req, err := httpx.PageRequest(c)
		if err != nil {
			return err
		}
		var after int64
		if req.After != "" {
			if after, err = strconv.ParseInt(req.After, 10, 64); err != nil || after < 0 {
				return errs.Validation(errs.Field("cursor", "invalid", "cursor is not one this API returned"))
			}
		}
		// One more than the page holds: it proves that there is a next page.
		parked, err := relay.Parked(c.Request().Context(), after, req.Limit+1)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, page.Build(parked, req, func(p outbox.ParkedEvent) string {
			return strconv.FormatInt(p.Seq, 10)
		}))
	}
}

func retry(contextName string, relay *outbox.Relay, logger *slog.Logger) echo.HandlerFunc {
	return func(c echo.Context) error {
		notFound := outbox.ErrParkedEventNotFound()
		id, err := httpx.PathID(c, "id", notFound.Code, notFound.Message)
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		if err := relay.Retry(ctx, id); err != nil {
			return err
		}
		// Who retried what, for the record: the access log has the request, this line the why.
		logger.InfoContext(ctx, "parked event retried by an admin", slog.String("context", contextName),
			slog.String("event_id", id), slog.String("admin_id", httpx.Principal(c).UserID))
		return c.NoContent(http.StatusAccepted)
	}
}

// title makes "orders" "Orders", for operation ids.
func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

const listExample = `{"items":[{"id":"0192f5e4-6a1b-7c3d-8e9f-0a1b2c3d4e5f","type":"orders.order_placed","version":1,
"occurred_at":"2026-11-27T10:00:00Z","aggregate_id":"0192f5e4-6a1b-7c3d-8e9f-0a1b2c3d4e60",
"trace_parent":"","payload":{"order_id":"0192f5e4-6a1b-7c3d-8e9f-0a1b2c3d4e60"},"attempts":10,
"last_error":"payments.on_order_placed: database is locked","parked_at":"2026-11-27T10:20:00Z","subscriber":""}],
"next_cursor":null}`
