package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/modmono/admin/internal/apiclient"
	"github.com/modmono/admin/internal/session"
)

var errNotAdmin = errors.New("not an admin")

// view wraps a GET page: a live admin session or a redirect to the login page.
func (p *Panel) view(h handler) echo.HandlerFunc {
	return func(c echo.Context) error {
		s, err := p.authenticate(c)
		if err != nil {
			return toLogin(c)
		}
		return h(c, s)
	}
}

// action wraps a state-changing POST: same-origin, a live session and its CSRF token.
func (p *Panel) action(h handler) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !sameOrigin(c.Request()) {
			return c.String(http.StatusForbidden, "cross-site request refused")
		}
		form, err := readForm(c.Request())
		if err != nil {
			return c.String(http.StatusBadRequest, "unreadable form")
		}
		s, err := p.authenticate(c)
		if err != nil {
			return toLogin(c)
		}
		if !s.CheckCSRF(form.Get("csrf")) {
			return c.String(http.StatusForbidden, "missing or wrong CSRF token")
		}
		c.Set("form", form)
		return h(c, s)
	}
}

func formOf(c echo.Context) url.Values {
	f, _ := c.Get("form").(url.Values)
	return f
}

// authenticate loads the cookie, proves the refresh token is still live by rotating it (so a
// logout, a password change or a disabled account ends the session at the next request, on
// every instance), checks with /auth/me that the account is an enabled admin, and writes the
// renewed cookie.
func (p *Panel) authenticate(c echo.Context) (*session.Session, error) {
	s, err := p.sessions.Load(c.Request())
	if err != nil {
		return nil, err
	}
	ctx := c.Request().Context()
	pair, err := p.rot.rotate(s, func(refresh string) (apiclient.TokenPair, error) {
		var tp apiclient.TokenPair
		err := p.api.Do(ctx, apiclient.Call{Method: http.MethodPost, Path: "/api/v1/auth/refresh",
			Body: map[string]string{"refresh_token": refresh}}, &tp)
		return tp, err
	})
	if err != nil {
		p.sessions.Clear(c.Response())
		return nil, err
	}
	s.Access, s.Refresh = pair.AccessToken, pair.RefreshToken
	if err := p.checkAdmin(ctx, s.Access); err != nil {
		p.endSession(ctx, c, s)
		return nil, err
	}
	if err := p.sessions.Save(c.Response(), s); err != nil {
		return nil, err
	}
	return s, nil
}

func (p *Panel) checkAdmin(ctx context.Context, access string) error {
	var me apiclient.User
	if err := p.api.Do(ctx, apiclient.Call{Method: http.MethodGet, Path: "/api/v1/auth/me", Token: access}, &me); err != nil {
		return err
	}
	if me.Disabled || !me.HasRole("admin") {
		return errNotAdmin
	}
	return nil
}

// endSession revokes the refresh token through the API and deletes the cookie.
func (p *Panel) endSession(ctx context.Context, c echo.Context, s *session.Session) {
	p.rot.revoke(s.ID)
	_ = p.api.Do(ctx, apiclient.Call{Method: http.MethodPost, Path: "/api/v1/auth/logout",
		Body: map[string]string{"refresh_token": s.Refresh}}, nil)
	p.sessions.Clear(c.Response())
}

func toLogin(c echo.Context) error {
	return c.Redirect(http.StatusSeeOther, "/admin/login")
}

// sameOrigin refuses what a browser marks as cross-site: Sec-Fetch-Site other than same-origin,
// or an Origin whose host is not this one. Clients that send neither (curl) still need the
// CSRF token.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host
}
