package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/modmono/admin/internal/apiclient"
	"github.com/modmono/admin/internal/session"
)

func (p *Panel) loginPage(c echo.Context) error {
	if s, err := p.sessions.Load(c.Request()); err == nil && s != nil {
		return c.Redirect(http.StatusSeeOther, "/admin")
	}
	return p.render(c, http.StatusOK, "login", nil, nil)
}

// login goes through the API's own login, so its brute-force limits apply unchanged.
func (p *Panel) login(c echo.Context) error {
	if !sameOrigin(c.Request()) {
		return c.String(http.StatusForbidden, "cross-site request refused")
	}
	form, err := readForm(c.Request())
	if err != nil {
		return c.String(http.StatusBadRequest, "unreadable form")
	}
	email := strings.TrimSpace(form.Get("email"))
	ctx := c.Request().Context()
	var pair apiclient.TokenPair
	err = p.api.Do(ctx, apiclient.Call{Method: http.MethodPost, Path: "/api/v1/auth/login",
		Body: map[string]string{"email": email, "password": form.Get("password")}}, &pair)
	switch {
	case apiclient.IsStatus(err, http.StatusTooManyRequests):
		return loginFailed(c, "TOO_MANY_REQUESTS")
	case apiclient.IsStatus(err, http.StatusServiceUnavailable):
		return loginFailed(c, "SERVICE_UNAVAILABLE") // shed by the password hasher, or a store down
	case err != nil:
		return loginFailed(c, "INVALID_CREDENTIALS")
	}
	s := p.sessions.New(email, pair.AccessToken, pair.RefreshToken)
	if err := p.checkAdmin(ctx, s.Access); err != nil {
		p.endSession(ctx, c, s)
		return loginFailed(c, "NOT_ADMIN")
	}
	if err := p.sessions.Save(c.Response(), s); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin")
}

func loginFailed(c echo.Context, code string) error {
	return c.Redirect(http.StatusSeeOther, "/admin/login?err="+code)
}

func (p *Panel) logout(c echo.Context, s *session.Session) error {
	p.endSession(c.Request().Context(), c, s)
	return c.Redirect(http.StatusSeeOther, "/admin/login")
}
