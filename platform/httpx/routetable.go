package httpx

import (
	"errors"
	"fmt"
	"strings"

	"github.com/labstack/echo/v4"
)

// routeTable finds the Route a request matched; echo's router has already run when
// middleware does, so c.Path() is the matched pattern.
type routeTable map[string]Route

func newRouteTable(routes []Route, haveVerifier bool) (routeTable, error) {
	t := routeTable{}
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
		t[id] = r
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

func (t routeTable) lookup(c echo.Context) (Route, bool) {
	r, ok := t[c.Request().Method+" "+c.Path()]
	return r, ok
}

// label is the bounded route name for logs, spans and metric labels.
func (t routeTable) label(c echo.Context) string {
	if r, ok := t.lookup(c); ok {
		return r.Path
	}
	return "unmatched"
}
