package gateway_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// apiDoc is the served document as a client reads it.
type apiDoc struct {
	Info struct {
		Description string `json:"description"`
	} `json:"info"`
	Servers []struct {
		URL string `json:"url"`
	} `json:"servers"`
	Tags []struct {
		Name        string `json:"name"`
		Description string `json:"description"`
	} `json:"tags"`
	Paths      map[string]map[string]apiOp `json:"paths"`
	Components struct {
		Responses map[string]apiResponse `json:"responses"`
	} `json:"components"`
}

type apiOp struct {
	Access     string   `json:"x-access"`
	Tags       []string `json:"tags"`
	Parameters []struct {
		Name     string `json:"name"`
		In       string `json:"in"`
		Required bool   `json:"required"`
	} `json:"parameters"`
	Responses map[string]apiResponse `json:"responses"`
}

type apiResponse struct {
	Ref   string   `json:"$ref"`
	Codes []string `json:"x-codes"`
}

func parseDocument(t *testing.T, raw []byte) apiDoc {
	t.Helper()
	var d apiDoc
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatalf("/openapi.json: %v", err)
	}
	for _, item := range d.Paths {
		for _, op := range item {
			for status, r := range op.Responses {
				if name, isRef := strings.CutPrefix(r.Ref, "#/components/responses/"); isRef {
					op.Responses[status] = d.Components.Responses[name]
				}
			}
		}
	}
	return d
}

// parsedWithout is the document without the operation key ("GET /x/{id}").
func parsedWithout(t *testing.T, raw []byte, key string) apiDoc {
	t.Helper()
	d := parseDocument(t, raw)
	method, path, _ := strings.Cut(key, " ")
	delete(d.Paths[path], strings.ToLower(method))
	return d
}

// ops are the operations by "METHOD /path".
func (d apiDoc) ops() map[string]apiOp {
	out := map[string]apiOp{}
	for path, item := range d.Paths {
		for method, op := range item {
			out[strings.ToUpper(method)+" "+path] = op
		}
	}
	return out
}

var echoParam = regexp.MustCompile(`:([^/]+)`)

// openapiPath turns the router's "GET /users/:id" into "GET /users/{id}".
func openapiPath(route string) string { return echoParam.ReplaceAllString(route, "{$1}") }

// mismatches lists the routes the document lacks, the operations the router lacks, and
// operations whose path parameters are not their path's.
func mismatches(d apiDoc, router []string) []string {
	var out []string
	routed := map[string]bool{}
	ops := d.ops()
	for _, r := range router {
		key := openapiPath(r)
		routed[key] = true
		if _, found := ops[key]; !found {
			out = append(out, "undocumented route "+key)
		}
	}
	for key, op := range ops {
		if !routed[key] {
			out = append(out, "documented but not routed: "+key)
		}
		var want, got []string
		for _, m := range regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(key, -1) {
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
	sort.Strings(out)
	return out
}

// statusOf is the status under which op lists code, or "".
func (op apiOp) statusOf(code string) string {
	for status, r := range op.Responses {
		if slices.Contains(r.Codes, code) {
			return status
		}
	}
	return ""
}

func (op apiOp) keyHeader() (present, required bool) {
	for _, p := range op.Parameters {
		if p.In == "header" && p.Name == "Idempotency-Key" {
			return true, p.Required
		}
	}
	return false, false
}
