package openapi_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/openapi"
	"github.com/modmono/platform/problem"
)

func TestDocumentAndRouterDescribeTheSameRoutes(t *testing.T) {
	t.Parallel()
	e := serve(t, sampleRoutes())
	d := fetchDocument(t, e)
	if m := mismatches(d, e.Routes()); len(m) > 0 {
		t.Fatalf("document and router differ:\n%s", strings.Join(m, "\n"))
	}
	for _, path := range []string{"/openapi.json", "/docs", "/things/{id}/parts/{part}"} {
		if d.Paths[path] == nil {
			t.Errorf("%s is not in the document", path)
		}
	}

	// The check is only worth something if it fails: drop a route from either side.
	t.Run("a route the document lacks is caught", func(t *testing.T) {
		t.Parallel()
		routes := sampleRoutes()
		partial := fetchDocument(t, serve(t, slices.Delete(slices.Clone(routes), 4, 5)))
		want := []string{"undocumented route POST /things/{id}/parts/{part}"}
		if got := mismatches(partial, e.Routes()); !slices.Equal(got, want) {
			t.Errorf("mismatches %q, want %q", got, want)
		}
	})
	t.Run("an operation the router lacks is caught", func(t *testing.T) {
		t.Parallel()
		routes := slices.DeleteFunc(slices.Clone(e.Routes()), func(r *echo.Route) bool { return r.Path == "/text" })
		want := []string{"documented but not routed: GET /text"}
		if got := mismatches(d, routes); !slices.Equal(got, want) {
			t.Errorf("mismatches %q, want %q", got, want)
		}
	})
}

func TestEveryOperationListsItsStatusesAndCodes(t *testing.T) {
	t.Parallel()
	d := fetchDocument(t, serve(t, sampleRoutes()))
	generic := map[string][]string{"429": {"TOO_MANY_REQUESTS"}, "500": {"INTERNAL"}, "503": {"SERVICE_UNAVAILABLE"}}
	with := func(more map[string][]string) map[string][]string {
		for k, v := range generic {
			more[k] = v
		}
		return more
	}
	for _, tc := range []struct {
		method, path string
		want         map[string][]string
	}{
		{"POST", "/things", with(map[string][]string{"201": nil,
			"400": {"MALFORMED_JSON", "IDEMPOTENCY_KEY_REQUIRED", "IDEMPOTENCY_KEY_INVALID"},
			"401": {"UNAUTHENTICATED"}, "409": {"IDEMPOTENCY_KEY_IN_USE", "THING_TAKEN"},
			"413": {"PAYLOAD_TOO_LARGE"}, "415": {"UNSUPPORTED_MEDIA_TYPE"},
			"422": {"VALIDATION_FAILED", "IDEMPOTENCY_KEY_REUSED"}})},
		{"GET", "/things", with(map[string][]string{"200": nil, "401": {"UNAUTHENTICATED"}, "422": {"VALIDATION_FAILED"}})},
		{"GET", "/things/{id}", with(map[string][]string{"200": nil, "401": {"UNAUTHENTICATED"}, "404": {"THING_NOT_FOUND"}})},
		{"PATCH", "/things/{id}", with(map[string][]string{"200": nil,
			"400": {"MALFORMED_JSON"}, "401": {"UNAUTHENTICATED"}, "403": {"FORBIDDEN"}, "404": {"THING_NOT_FOUND"},
			"413": {"PAYLOAD_TOO_LARGE"}, "415": {"UNSUPPORTED_MEDIA_TYPE"}, "422": {"VALIDATION_FAILED"}})},
		{"POST", "/things/{id}/parts/{part}", with(map[string][]string{"204": nil,
			"400": {"IDEMPOTENCY_KEY_INVALID"}, "401": {"UNAUTHENTICATED"}, "409": {"IDEMPOTENCY_KEY_IN_USE"},
			"422": {"IDEMPOTENCY_KEY_REUSED"}})},
		{"GET", "/text", with(map[string][]string{"200": nil})},
		{"POST", "/login", with(map[string][]string{"200": nil, "401": {"BAD_PASSWORD"}})},
	} {
		op := d.op(t, tc.method, tc.path)
		got := map[string][]string{}
		for status, r := range op.Responses {
			got[status] = r.Codes
			if status >= "400" && r.Content[problem.ContentType] == nil {
				t.Errorf("%s %s %s: no %s body", tc.method, tc.path, status, problem.ContentType)
			}
		}
		for status, codes := range tc.want {
			if g, found := got[status]; !found || !sameSet(g, codes) {
				t.Errorf("%s %s: status %s codes %q (documented: %t), want %q", tc.method, tc.path, status, g, found, codes)
			}
		}
		for status := range got {
			if _, found := tc.want[status]; !found {
				t.Errorf("%s %s: unexpected status %s", tc.method, tc.path, status)
			}
		}
	}
}

func TestParametersSecurityAndBodies(t *testing.T) {
	t.Parallel()
	d := fetchDocument(t, serve(t, sampleRoutes()))
	params := func(op operation) string {
		var ps []string
		for _, p := range op.Parameters {
			ps = append(ps, p.In+":"+p.Name+map[bool]string{true: "!", false: ""}[p.Required])
		}
		return strings.Join(ps, " ")
	}
	for _, tc := range []struct {
		method, path, params, security string
	}{
		{"POST", "/things", "header:Idempotency-Key!", "[map[bearerAuth:[]]]"},
		{"GET", "/things", "query:limit query:cursor query:color", "[map[] map[bearerAuth:[]]]"},
		{"PATCH", "/things/{id}", "path:id!", "[map[bearerAuth:[]]]"},
		{"POST", "/things/{id}/parts/{part}", "path:id! path:part! header:Idempotency-Key", "[map[bearerAuth:[]]]"},
		{"GET", "/text", "", "[]"},
		{"POST", "/login", "", "[]"},
		{"GET", "/docs", "", "[]"},
	} {
		op := d.op(t, tc.method, tc.path)
		if got := params(op); got != tc.params {
			t.Errorf("%s %s: parameters %q, want %q", tc.method, tc.path, got, tc.params)
		}
		if got := fmtSecurity(op.Security); got != tc.security {
			t.Errorf("%s %s: security %s, want %s", tc.method, tc.path, got, tc.security)
		}
	}
	create := d.op(t, "POST", "/things")
	body := create.RequestBody.Content["application/json"]
	if ref := body.Schema["$ref"]; ref != "#/components/schemas/thingRequest" || string(body.Example) != `{"name":"spoon"}` {
		t.Errorf("request body schema %v example %s, want a thingRequest ref and the example", body.Schema, body.Example)
	}
	if got := string(d.Components.Schemas["thingRequest"]); !strings.Contains(got, `"required":["name"],"additionalProperties":false`) {
		t.Errorf("thingRequest schema %s: want name required, color optional, closed", got)
	}
	if d.Components.Schemas["Problem"] == nil || d.Components.Schemas["FieldError"] == nil {
		t.Errorf("no Problem or FieldError component among %d schemas", len(d.Components.Schemas))
	}
}

func TestBuildRefusesRoutesItCannotDescribeTruly(t *testing.T) {
	t.Parallel()
	base := httpx.Route{Method: http.MethodGet, Path: "/x", Handler: ok, OperationID: "x", Status: http.StatusOK}
	with := func(change func(*httpx.Route)) []httpx.Route {
		r := base
		change(&r)
		return []httpx.Route{r}
	}
	for _, tc := range []struct {
		name   string
		routes []httpx.Route
		want   string
	}{
		{"one code, two statuses", []httpx.Route{
			with(func(r *httpx.Route) { r.Problems = []*errs.Error{errs.NotFound("GONE", "")} })[0],
			with(func(r *httpx.Route) {
				r.Path, r.OperationID, r.Problems = "/y", "y", []*errs.Error{errs.Conflict("GONE", "")}
			})[0],
		}, "code GONE is answered with"},
		{"an example its type refuses", with(func(r *httpx.Route) {
			r.Method, r.Request, r.RequestExample = http.MethodPost, thingRequest{}, `{"Name": "wrong case"}`
		}), "does not fit"},
		{"an example without a body", with(func(r *httpx.Route) { r.ResponseExample = `{}` }), "without a Response type"},
		{"two operations, one id", []httpx.Route{base, with(func(r *httpx.Route) { r.Path = "/y" })[0]}, `share the operationId "x"`},
		{"a wildcard path", with(func(r *httpx.Route) { r.Path = "/files/*" }), "wildcard"},
		{"no success status", with(func(r *httpx.Route) { r.Status = 0 }), "success Status 0"},
		{"a body type with no JSON form", with(func(r *httpx.Route) { r.Response = struct{ C chan int }{} }), "no JSON form"},
	} {
		_, err := openapi.Build(info, tc.routes)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}

// A route that lists a code nothing gives a status still starts: the code is documented
// under "default" and reported, for the tests to catch.
func TestCodesOfUndeclaredStatusAreReportedAndDocumentedAsDefault(t *testing.T) {
	t.Parallel()
	route := httpx.Route{Method: http.MethodGet, Path: "/x", Handler: ok, OperationID: "x", Status: http.StatusOK,
		Errors: []string{"WHO_KNOWS", errs.CodeForbidden}}
	doc, err := openapi.Build(info, []httpx.Route{route})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"GET /x: WHO_KNOWS"}; !slices.Equal(doc.Undeclared, want) {
		t.Errorf("Undeclared = %q, want %q", doc.Undeclared, want)
	}
	def := doc.Paths["/x"]["get"].Responses["default"]
	if def == nil || !slices.Equal(def.Codes, []string{"WHO_KNOWS"}) {
		t.Errorf("default response %+v, want one listing WHO_KNOWS", def)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b))
	return slices.Equal(a, b)
}

// Readers meet the tags in the order the Info gives, each with its description, and the
// document's own routes last unless placed; a tag nothing describes is refused.
func TestTagsAreDescribedAndOrderedAndServersGiven(t *testing.T) {
	t.Parallel()
	d := fetchDocument(t, serve(t, sampleRoutes()))
	var names []string
	for _, tag := range d.Tags {
		names = append(names, tag.Name)
		if tag.Description == "" {
			t.Errorf("tag %q has no description", tag.Name)
		}
	}
	if want := []string{"things", "docs"}; !slices.Equal(names, want) {
		t.Errorf("tags %q, want %q", names, want)
	}
	if len(d.Servers) != 1 || d.Servers[0].URL != "/" {
		t.Errorf("servers %+v, want the one serving the document, \"/\"", d.Servers)
	}

	placed := info
	placed.Tags = []openapi.Tag{{Name: "docs", Description: "first"}, {Name: "things", Description: "then"}, {Name: "unused", Description: "left out"}}
	placed.Servers = []openapi.Server{{URL: "https://api.example.com"}}
	doc, err := openapi.Build(placed, sampleRoutes())
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tags) != 1 || doc.Tags[0].Name != "things" || len(doc.Servers) != 1 || doc.Servers[0].URL != "https://api.example.com" {
		t.Errorf("tags %+v, servers %+v: want only the used tag, and the given server", doc.Tags, doc.Servers)
	}
	if _, _, err := openapi.WithDocs(openapi.Info{Title: "t", Version: "1"}, sampleRoutes()); err == nil || !strings.Contains(err.Error(), `["things"]`) {
		t.Errorf("a tag without a description: error %v, want one naming it", err)
	}
}
