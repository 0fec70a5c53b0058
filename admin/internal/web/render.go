package web

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/modmono/admin/internal/apiclient"
	"github.com/modmono/admin/internal/session"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

type pages map[string]*template.Template

var funcs = template.FuncMap{
	"short": func(id string) string {
		if len(id) > 8 {
			return id[:8] + "…"
		}
		return id
	},
	"date":  func(t interface{ Format(string) string }) string { return t.Format("2006-01-02 15:04") },
	"minor": func(m apiclient.Money) int64 { return m.Amount },
	"query": func(kv ...string) string {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] != "" {
				v.Set(kv[i], kv[i+1])
			}
		}
		return v.Encode()
	},
}

func parsePages() (pages, error) {
	names, err := templateFS.ReadDir("templates")
	if err != nil {
		return nil, err
	}
	p := pages{}
	for _, n := range names {
		name := strings.TrimSuffix(n.Name(), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+n.Name())
		if err != nil {
			return nil, err
		}
		p[name] = t
	}
	return p, nil
}

// messages are the notices a redirect may ask a page to show, by code: the query string never
// carries text of its own, so a crafted link cannot put words in the panel's mouth.
var messages = map[string]string{ //nolint:gosec // notices for error codes, not credentials
	"INVALID_CREDENTIALS":        "Wrong email or password.",
	"TOO_MANY_REQUESTS":          "Too many attempts for this email; try again later.",
	"NOT_ADMIN":                  "This account is not an administrator.",
	"SERVICE_UNAVAILABLE":        "The shop is too busy to sign you in right now; try again in a moment.",
	"saved":                      "Saved.",
	"created":                    "Created.",
	"cancelled":                  "Order cancelled.",
	"refunded":                   "Refund issued.",
	"retried":                    "Retried: the event is on its way again.",
	"rotated":                    "New keys published: they sign once every replica has loaded them.",
	"PARKED_EVENT_NOT_FOUND":     "That event is no longer parked: it was retried already.",
	"PARKED_EVENT_STILL_FAILING": "The subscriber refused the event again; it stays parked with the new error.",
}

var codeRE = regexp.MustCompile(`^[A-Za-z_]{1,64}$`)

func notice(code string) string {
	if !codeRE.MatchString(code) {
		return ""
	}
	if m, ok := messages[code]; ok {
		return m
	}
	return "The API refused the action: " + code
}

// render writes page inside the layout; s is nil on the login page.
func (p *Panel) render(c echo.Context, status int, page string, s *session.Session, data any) error {
	view := map[string]any{"Page": page, "Data": data,
		"Msg": notice(c.QueryParam("msg")), "Err": notice(c.QueryParam("err"))}
	if s != nil {
		view["CSRF"], view["Email"] = s.CSRF, s.Email
	}
	var buf bytes.Buffer
	if err := p.pages[page].ExecuteTemplate(&buf, "layout", view); err != nil {
		return err
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// done redirects after a POST (post/redirect/get) with a notice code, or the API's error code.
func done(c echo.Context, to string, err error, ok string) error {
	sep := "?"
	if strings.Contains(to, "?") {
		sep = "&"
	}
	if err != nil {
		code := "INTERNAL"
		var e *apiclient.Error
		if errors.As(err, &e) && e.Code != "" {
			code = strings.ReplaceAll(e.Code, " ", "_")
		}
		return c.Redirect(http.StatusSeeOther, to+sep+"err="+url.QueryEscape(code))
	}
	return c.Redirect(http.StatusSeeOther, to+sep+"msg="+ok)
}

func (p *Panel) static(c echo.Context) error {
	name := c.Param("file")
	types := map[string]string{"admin.css": "text/css; charset=utf-8"}
	ct, ok := types[name]
	if !ok {
		return c.NoContent(http.StatusNotFound)
	}
	b, err := staticFS.ReadFile("static/" + name)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.Blob(http.StatusOK, ct, b)
}
