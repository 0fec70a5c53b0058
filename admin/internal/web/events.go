package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/modmono/admin/internal/apiclient"
	"github.com/modmono/admin/internal/session"
)

// contexts are the bounded contexts whose parked events the panel shows: each has its own outbox.
var contexts = []string{"auth", "orders", "payments"}

// parkedSection is one context's page of parked events.
type parkedSection struct {
	Context string
	Page    apiclient.Page[apiclient.ParkedEvent]
	Error   error
}

// events shows the first page of every context's parked events, or, with ?context=, one
// context's page at ?cursor=.
func (p *Panel) events(c echo.Context, s *session.Session) error {
	shown := contexts
	if one := c.QueryParam("context"); slices.Contains(contexts, one) {
		shown = []string{one}
	}
	sections := make([]parkedSection, len(shown))
	for i, name := range shown {
		q := url.Values{"limit": {"20"}}
		if len(shown) == 1 && c.QueryParam("cursor") != "" {
			q.Set("cursor", c.QueryParam("cursor"))
		}
		sections[i].Context = name
		sections[i].Error = p.api.Do(c.Request().Context(), apiclient.Call{Method: http.MethodGet,
			Path: parkedPath(name), Query: q, Token: s.Access}, &sections[i].Page)
	}
	return p.render(c, http.StatusOK, "events", s, map[string]any{"Sections": sections, "All": len(shown) > 1})
}

// retryEvent asks the context's relay to publish a parked event again.
func (p *Panel) retryEvent(c echo.Context, s *session.Session) error {
	name := c.Param("context")
	if !slices.Contains(contexts, name) {
		return c.String(http.StatusNotFound, "no such context")
	}
	err := p.api.Do(c.Request().Context(), apiclient.Call{Method: http.MethodPost,
		Path: parkedPath(name) + "/" + url.PathEscape(c.Param("id")) + "/retry", Token: s.Access}, nil)
	return done(c, "/admin/events?context="+name, err, "retried")
}

func parkedPath(contextName string) string { return "/api/v1/admin/parked-events/" + contextName }
