// Package keyhttp lets admins see and rotate the keys kept in the database over the API: the
// admin panel's "Keys" page and its Rotate button use these routes.
package keyhttp

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/keyring"
)

// Path is the list route; Path + "/rotate" rotates.
const Path = "/api/v1/admin/keys"

// Keys is the answer of both routes: every stored generation of every purpose, newest first.
type Keys struct {
	Keys []keyring.KeyStatus `json:"keys"`
}

// Routes are the key routes, for admins. store may be nil when the handlers are about to be
// replaced by forwarders (proxy.Forward); publish is how long a new key verifies before it signs.
func Routes(store *keyring.Store, publish time.Duration, logger *slog.Logger) []httpx.Route {
	tags := []string{"operations"}
	return []httpx.Route{
		{Method: http.MethodGet, Path: Path, Access: httpx.Admin, Handler: list(store),
			OperationID: "listKeys", Summary: "The signing keys kept in the database (never their secrets), newest first",
			Tags: tags, Response: Keys{}, Status: http.StatusOK, ResponseExample: example},
		{Method: http.MethodPost, Path: Path + "/rotate", Access: httpx.Admin, Handler: rotate(store, publish, logger),
			OperationID: "rotateKeys",
			Summary: "Rotate the keys kept in the database: each purpose gets a new key, published at once and signing " +
				"once every replica has loaded it; the old one verifies until what it signed has expired",
			Tags: tags, Response: Keys{}, Status: http.StatusOK, ResponseExample: example},
	}
}

func list(store *keyring.Store) echo.HandlerFunc {
	return func(c echo.Context) error {
		all, err := store.Status(c.Request().Context())
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, Keys{Keys: all})
	}
}

func rotate(store *keyring.Store, publish time.Duration, logger *slog.Logger) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		rotations, err := store.RotateAll(ctx, publish)
		if err != nil {
			return err
		}
		for _, r := range rotations {
			logger.InfoContext(ctx, "keys rotated by an admin", slog.String("purpose", string(r.Purpose)),
				slog.Int("generation", r.Key.Generation), slog.Bool("added", r.Added),
				slog.Time("signs_from", r.Key.SignsFrom), slog.String("admin_id", httpx.Principal(c).UserID))
		}
		all, err := store.Status(ctx)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, Keys{Keys: all})
	}
}

const example = `{"keys":[{"purpose":"jwt-signing","generation":2,"created_at":"2026-12-05T10:00:00Z",
"signs_from":"2026-12-05T10:01:00Z","state":"published"},{"purpose":"jwt-signing","generation":1,
"created_at":"2026-12-01T09:00:00Z","signs_from":"2026-12-01T09:00:00Z","state":"signing"}]}`
