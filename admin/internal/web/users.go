package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/modmono/admin/internal/apiclient"
	"github.com/modmono/admin/internal/session"
)

func listQuery(c echo.Context, keys ...string) url.Values {
	q := url.Values{"limit": {"20"}}
	for _, k := range append(keys, "cursor") {
		if v := c.QueryParam(k); v != "" {
			q.Set(k, v)
		}
	}
	return q
}

func (p *Panel) users(c echo.Context, s *session.Session) error {
	var page apiclient.Page[apiclient.User]
	err := p.api.Do(c.Request().Context(), apiclient.Call{Method: http.MethodGet, Path: "/api/v1/users",
		Query: listQuery(c, "email"), Token: s.Access}, &page)
	return p.render(c, http.StatusOK, "users", s, map[string]any{"Page": page, "Email": c.QueryParam("email"), "Error": err})
}

// updateUser applies one of disable, enable, grant-admin, revoke-admin through PATCH /users/{id}.
func (p *Panel) updateUser(c echo.Context, s *session.Session) error {
	ctx, id := c.Request().Context(), c.Param("id")
	back := "/admin/users?" + url.Values{"email": {formOf(c).Get("email_filter")}}.Encode()
	var u apiclient.User
	if err := p.api.Do(ctx, apiclient.Call{Method: http.MethodGet, Path: "/api/v1/users/" + url.PathEscape(id), Token: s.Access}, &u); err != nil {
		return done(c, back, err, "")
	}
	body := map[string]any{}
	switch formOf(c).Get("op") {
	case "disable":
		body["disabled"] = true
	case "enable":
		body["disabled"] = false
	case "grant-admin":
		body["roles"] = withRole(u.Roles, "admin", true)
	case "revoke-admin":
		body["roles"] = withRole(u.Roles, "admin", false)
	default:
		return c.String(http.StatusBadRequest, "unknown action")
	}
	err := p.api.Do(ctx, apiclient.Call{Method: http.MethodPatch, Path: "/api/v1/users/" + url.PathEscape(id), Token: s.Access, Body: body}, nil)
	return done(c, back, err, "saved")
}

func withRole(roles []string, role string, on bool) []string {
	out := []string{}
	for _, r := range roles {
		if r != role {
			out = append(out, r)
		}
	}
	if on {
		out = append(out, role)
	}
	return out
}
