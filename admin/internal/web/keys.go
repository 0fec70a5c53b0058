package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/modmono/admin/internal/apiclient"
	"github.com/modmono/admin/internal/session"
)

const keysPath = "/api/v1/admin/keys"

// keys shows the keys kept in the database: which signs, which are published or retired.
func (p *Panel) keys(c echo.Context, s *session.Session) error {
	var keys apiclient.Keys
	err := p.api.Do(c.Request().Context(), apiclient.Call{Method: http.MethodGet, Path: keysPath, Token: s.Access}, &keys)
	return p.render(c, http.StatusOK, "keys", s, map[string]any{"Keys": keys.Keys, "Error": err})
}

// rotateKeys asks auth for new keys: published now, signing once every replica has them.
func (p *Panel) rotateKeys(c echo.Context, s *session.Session) error {
	err := p.api.Do(c.Request().Context(), apiclient.Call{Method: http.MethodPost, Path: keysPath + "/rotate", Token: s.Access}, nil)
	return done(c, "/admin/keys", err, "rotated")
}
