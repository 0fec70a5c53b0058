package openapi

import (
	"reflect"
	"strings"

	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/page"
)

var pagePkg = reflect.TypeFor[page.Request]().PkgPath()

// paged reports whether a route answers a page.Page: such a handler reads ?limit= and ?cursor=
// through httpx.PageRequest, as the contract's lists do.
func paged(rt httpx.Route) bool {
	t := typeOf(rt.Response)
	return t != nil && t.PkgPath() == pagePkg && strings.HasPrefix(t.Name(), "Page[")
}

func queryParams(rt httpx.Route) []*Parameter {
	var ps []*Parameter
	if paged(rt) {
		ps = append(ps,
			&Parameter{Name: "limit", In: "query", Description: "How many items the page holds at most.",
				Schema: &Schema{Type: Types{"integer"}, Minimum: ptr(int64(1)), Maximum: ptr(int64(page.MaxLimit)), Default: page.DefaultLimit}},
			&Parameter{Name: "cursor", In: "query", Description: "The next_cursor of the previous page; opaque.",
				Schema: &Schema{Type: Types{"string"}}},
		)
	}
	for _, q := range rt.Query {
		s := &Schema{Type: Types{"string"}, Format: q.Format}
		for _, v := range q.Enum {
			s.Enum = append(s.Enum, v)
		}
		ps = append(ps, &Parameter{Name: q.Name, In: "query", Description: q.Description, Schema: s})
	}
	return ps
}

// hasQuery reports whether the route reads query values it can refuse (422).
func hasQuery(rt httpx.Route) bool { return paged(rt) || len(rt.Query) > 0 }
