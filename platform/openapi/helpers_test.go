package openapi_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/clock"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpserver"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/idempotency"
	"github.com/modmono/platform/openapi"
	"github.com/modmono/platform/page"
)

type thingRequest struct {
	Name  *string `json:"name"`
	Color *string `json:"color,omitempty"`
}

type thing struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func ok(c echo.Context) error { return c.NoContent(http.StatusOK) }

// sampleRoutes have one of every feature the document describes.
func sampleRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: http.MethodPost, Path: "/things", Access: httpx.User, Handler: ok,
			OperationID: "createThing", Summary: "Make a thing", Tags: []string{"things"},
			Request: thingRequest{}, Response: thing{}, Status: http.StatusCreated,
			Errors: idempotency.Required.Codes(), Problems: []*errs.Error{errs.Conflict("THING_TAKEN", "taken")},
			RequestExample: `{"name": "spoon"}`, ResponseExample: `{"id": "t1", "name": "spoon"}`},
		{Method: http.MethodGet, Path: "/things", Access: httpx.Public, Handler: ok,
			OperationID: "listThings", Tags: []string{"things"}, Response: page.Page[thing]{}, Status: http.StatusOK,
			Errors: []string{errs.CodeUnauthenticated},
			Query:  []httpx.Param{{Name: "color", Description: "only of this color", Enum: []string{"red", "blue"}}}},
		{Method: http.MethodGet, Path: "/things/:id", Access: httpx.User, Handler: ok,
			OperationID: "getThing", Response: thing{}, Status: http.StatusOK,
			Problems: []*errs.Error{errs.NotFound("THING_NOT_FOUND", "no such thing")}},
		{Method: http.MethodPatch, Path: "/things/:id", Access: httpx.Admin, Handler: ok,
			OperationID: "updateThing", Request: thingRequest{}, Response: thing{}, Status: http.StatusOK,
			Errors: []string{"THING_NOT_FOUND"}}, // its status is declared by getThing
		{Method: http.MethodPost, Path: "/things/:id/parts/:part", Access: httpx.User, Handler: ok,
			Status: http.StatusNoContent, Errors: idempotency.Optional.Codes()},
		{Method: http.MethodGet, Path: "/text", Access: httpx.Public, Handler: ok,
			OperationID: "text", Status: http.StatusOK, MediaType: "text/plain; charset=utf-8"},
		{Method: http.MethodPost, Path: "/login", Access: httpx.Public, Handler: ok, Status: http.StatusOK,
			Problems: []*errs.Error{errs.Unauthenticated("BAD_PASSWORD", "wrong")}}, // a 401 that is not about tokens
	}
}

var info = openapi.Info{Title: "Test API", Version: "1", Tags: []openapi.Tag{{Name: "things", Description: "Things and their parts."}}}

// serve builds the echo server of the routes with the docs routes added, as the platform does.
func serve(t *testing.T, routes []httpx.Route) *echo.Echo {
	t.Helper()
	all, doc, err := openapi.WithDocs(info, routes)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Undeclared) > 0 {
		t.Fatalf("codes without a status: %q", doc.Undeclared)
	}
	return newEcho(t, all)
}

func newEcho(t *testing.T, routes []httpx.Route) *echo.Echo {
	t.Helper()
	v := authn.NewVerifier(authn.StaticKeys{}, authn.VerifierConfig{Issuer: "i", Audience: "a"}, clock.System{})
	e, err := httpserver.NewRouter(httpserver.Config{}, httpserver.Deps{Logger: slog.New(slog.DiscardHandler), Verifier: v}, routes)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func get(t *testing.T, h http.Handler, target string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, r *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// served is the document as a client reads it.
type served struct {
	Servers    []openapi.Server                `json:"servers"`
	Tags       []openapi.Tag                   `json:"tags"`
	Paths      map[string]map[string]operation `json:"paths"`
	Components struct {
		Schemas   map[string]json.RawMessage `json:"schemas"`
		Responses map[string]response        `json:"responses"`
	} `json:"components"`
}

type response struct {
	Ref     string                    `json:"$ref"`
	Codes   []string                  `json:"x-codes"`
	Content map[string]map[string]any `json:"content"`
}

type operation struct {
	OperationID string `json:"operationId"`
	Parameters  []struct {
		Name     string `json:"name"`
		In       string `json:"in"`
		Required bool   `json:"required"`
	} `json:"parameters"`
	RequestBody *struct {
		Content map[string]struct {
			Schema  map[string]any  `json:"schema"`
			Example json.RawMessage `json:"example"`
		} `json:"content"`
	} `json:"requestBody"`
	Responses map[string]response   `json:"responses"`
	Security  []map[string][]string `json:"security"`
}

func fetchDocument(t *testing.T, h http.Handler) served {
	t.Helper()
	r := get(t, h, "/openapi.json")
	var d served
	if err := json.Unmarshal([]byte(body(t, r)), &d); err != nil || r.StatusCode != http.StatusOK {
		t.Fatalf("GET /openapi.json: %d, %v", r.StatusCode, err)
	}
	// Shared responses are read in place, as a client reads them.
	for _, item := range d.Paths {
		for _, op := range item {
			for status, resp := range op.Responses {
				if name, isRef := strings.CutPrefix(resp.Ref, "#/components/responses/"); isRef {
					shared, found := d.Components.Responses[name]
					if !found {
						t.Fatalf("%s %s refers to a missing response", op.OperationID, status)
					}
					op.Responses[status] = shared
				}
			}
		}
	}
	return d
}

func (d served) op(t *testing.T, method, path string) operation {
	t.Helper()
	op, found := d.Paths[path][strings.ToLower(method)]
	if !found {
		t.Fatalf("no operation %s %s in the document", method, path)
	}
	return op
}

var echoParam = regexp.MustCompile(`:([^/]+)`)

// mismatches lists the router's routes the document lacks, the document's operations the
// router lacks, and operations whose path parameters differ from their path's.
func mismatches(d served, routes []*echo.Route) []string {
	var out []string
	inRouter := map[string]bool{}
	for _, r := range routes {
		key := r.Method + " " + echoParam.ReplaceAllString(r.Path, "{$1}")
		inRouter[key] = true
		if _, found := d.Paths[echoParam.ReplaceAllString(r.Path, "{$1}")][strings.ToLower(r.Method)]; !found {
			out = append(out, "undocumented route "+key)
		}
	}
	for path, item := range d.Paths {
		for method, op := range item {
			key := strings.ToUpper(method) + " " + path
			if !inRouter[key] {
				out = append(out, "documented but not routed: "+key)
			}
			var want, got []string
			for _, m := range regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(path, -1) {
				want = append(want, m[1])
			}
			for _, p := range op.Parameters {
				if p.In == "path" && p.Required {
					got = append(got, p.Name)
				}
			}
			if !slices.Equal(want, got) {
				out = append(out, fmt.Sprintf("%s: path parameters %v, want %v", key, got, want))
			}
		}
	}
	sort.Strings(out)
	return out
}

func fmtSecurity(s []map[string][]string) string { return fmt.Sprint(s) }

func openapiWithDocs(routes []httpx.Route) ([]httpx.Route, error) {
	all, _, err := openapi.WithDocs(info, routes)
	return all, err
}

func ptr[T any](v T) *T { return &v }

func itoa(n int) string { return fmt.Sprint(n) }
