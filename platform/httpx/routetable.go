package httpx

import (
	"errors"
	"fmt"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/reqctx"
)

// RouteTable finds the Route a request matched; echo's router has already run when
// middleware does, so c.Path() is the matched pattern.
type RouteTable map[routeKey]*Route

// routeKey is a pair, not "METHOD /path": looking it up builds no string.
type routeKey struct{ method, path string }

// NewRouteTable checks every route (method, path, handler, access, no duplicates up to
// parameter names) and reports all offenders at once. haveVerifier says whether the server can
// check tokens, which every route but a Public one needs.
func NewRouteTable(routes []Route, haveVerifier bool) (RouteTable, error) {
	t := RouteTable{}
	shapes := map[string]string{}
	var problems []error
	for _, r := range routes {
		id := r.Method + " " + r.Path
		switch {
		case r.Method == "" || strings.ToUpper(r.Method) != r.Method || strings.ContainsAny(r.Method, " /"):
			problems = append(problems, fmt.Errorf("route %q: method must be upper case", id))
		case !strings.HasPrefix(r.Path, "/"):
			problems = append(problems, fmt.Errorf("route %q: path must start with /", id))
		case r.Handler == nil:
			problems = append(problems, fmt.Errorf("route %q: no handler", id))
		case r.Access != Public && r.Access != User && r.Access != Admin:
			problems = append(problems, fmt.Errorf("route %q: unknown access %d", id, r.Access))
		case r.Access != Public && !haveVerifier:
			problems = append(problems, fmt.Errorf("route %q: needs a token verifier", id))
		}
		// "/users/:id" and "/users/:uid" are the same route to the router.
		shape := r.Method + " " + paramShape(r.Path)
		if prev, dup := shapes[shape]; dup {
			problems = append(problems, fmt.Errorf("route %q duplicates %q", id, prev))
		}
		shapes[shape] = id
		t[routeKey{r.Method, r.Path}] = &r
	}
	return t, errors.Join(problems...)
}

func paramShape(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, ":") {
			segs[i] = ":"
		}
	}
	return strings.Join(segs, "/")
}

// Lookup is the Route the request c matched, if any (shared: never modify it). The first lookup
// of a request is kept in its context (reqctx.SetRoute) for the next ones, which check that it
// is still the request's method and pattern.
func (t RouteTable) Lookup(c echo.Context) (*Route, bool) {
	req, path := c.Request(), c.Path()
	if r, ok := reqctx.Route(req.Context()).(*Route); ok && r.Method == req.Method && r.Path == path {
		return r, true
	}
	r, ok := t[routeKey{req.Method, path}]
	if ok {
		reqctx.SetRoute(req.Context(), r)
	}
	return r, ok
}

// Routes are every route of the table (shared: never modify them).
func (t RouteTable) Routes() []*Route {
	routes := make([]*Route, 0, len(t))
	for _, r := range t {
		routes = append(routes, r)
	}
	return routes
}

// Label is the bounded route name for logs, spans and metric labels.
func (t RouteTable) Label(c echo.Context) string {
	if r, ok := t.Lookup(c); ok {
		return r.Path
	}
	return "unmatched"
}
