package openapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/strictjson"
)

// operation describes one route; path is its OpenAPI path ("/users/{id}"), undeclared the
// codes it answers with a status nothing declares.
func (b *builder) operation(rt httpx.Route) (path string, op *Operation, undeclared []string, err error) {
	path, pathParams, err := convertPath(rt.Path)
	if err != nil {
		return "", nil, nil, err
	}
	if rt.Status < 200 || rt.Status > 399 {
		return "", nil, nil, fmt.Errorf("success Status %d is not a 2xx or 3xx status", rt.Status)
	}
	codes, undeclared := b.errorCodes(rt)
	op = &Operation{
		OperationID: rt.OperationID,
		Summary:     rt.Summary,
		Tags:        rt.Tags,
		Access:      accessNames[rt.Access],
		Security:    security(rt.Access, codes),
		Responses:   map[string]*Response{},
	}
	if op.OperationID == "" {
		op.OperationID = deriveOperationID(rt.Method, rt.Path)
	}
	key := keyUse(rt)
	op.Description = describe(rt.Access, key)
	op.Parameters = append(pathParams, queryParams(rt)...)
	if p := keyParam(key); p != nil {
		op.Parameters = append(op.Parameters, p)
	}
	if op.RequestBody, err = b.requestBody(rt); err != nil {
		return "", nil, nil, err
	}
	if op.Responses[strconv.Itoa(rt.Status)], err = b.success(rt, key); err != nil {
		return "", nil, nil, err
	}
	for status, cs := range codes {
		op.Responses[strconv.Itoa(status)] = b.failure(status, cs)
	}
	if len(undeclared) > 0 {
		op.Responses["default"] = b.undeclaredResponse(undeclared)
	}
	return path, op, undeclared, nil
}

var accessNames = map[httpx.Access]string{httpx.Public: "public", httpx.User: "user", httpx.Admin: "admin"}

// convertPath turns echo's "/users/:id" into "/users/{id}" with its path parameters.
func convertPath(echoPath string) (string, []*Parameter, error) {
	segs := strings.Split(echoPath, "/")
	var params []*Parameter
	for i, s := range segs {
		switch {
		case strings.Contains(s, "*"):
			return "", nil, errors.New("a wildcard path cannot be described")
		case strings.HasPrefix(s, ":"):
			name := s[1:]
			if name == "" || strings.ContainsAny(name, ":{}") {
				return "", nil, fmt.Errorf("path segment %q is not a plain parameter", s)
			}
			segs[i] = "{" + name + "}"
			params = append(params, &Parameter{Name: name, In: "path", Required: true, Schema: &Schema{Type: Types{"string"}}})
		case strings.ContainsAny(s, ":{}"):
			return "", nil, fmt.Errorf("path segment %q mixes text and a parameter", s)
		}
	}
	return strings.Join(segs, "/"), params, nil
}

// deriveOperationID names an operation its route left unnamed: GET /test/:id is getTestId.
func deriveOperationID(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	upper := true
	for _, r := range path {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if upper {
				r = unicode.ToUpper(r)
			}
			b.WriteRune(r)
			upper = false
		default:
			upper = true
		}
	}
	return b.String()
}

// security: bearer tokens on User and Admin routes; none on public ones, except that a public
// route answering UNAUTHENTICATED (the bad-token code, unlike INVALID_CREDENTIALS) reads a
// token when one is sent (the catalogue shows admins more), so the docs send it too.
func security(a httpx.Access, codes map[int][]string) []SecurityRequirement {
	bearer := SecurityRequirement{bearerScheme: {}}
	switch {
	case a != httpx.Public:
		return []SecurityRequirement{bearer}
	case slices.Contains(codes[http.StatusUnauthorized], errs.CodeUnauthenticated):
		return []SecurityRequirement{{}, bearer}
	}
	return []SecurityRequirement{}
}

func describe(a httpx.Access, key keyRule) string {
	var parts []string
	switch a {
	case httpx.Public:
		parts = append(parts, "Public.")
	case httpx.User:
		parts = append(parts, "Needs a bearer access token.")
	case httpx.Admin:
		parts = append(parts, "Needs a bearer access token with the admin role.")
	}
	switch key {
	case keyRequired:
		parts = append(parts, "Needs an Idempotency-Key: a retry with the same key and request gets the first answer replayed (header Idempotent-Replayed: true) and runs nothing again.")
	case keyOptional:
		parts = append(parts, "Takes an optional Idempotency-Key: a retry with the same key and request gets the first answer replayed (header Idempotent-Replayed: true) and runs nothing again.")
	}
	return strings.Join(parts, " ")
}

// example checks that raw decodes strictly into a new value of t, as httpx.Bind decodes a
// request body, and returns it compacted.
func (b *builder) example(raw string, t reflect.Type) (json.RawMessage, error) {
	if raw == "" {
		return nil, nil
	}
	if t == nil {
		return nil, errors.New("an example of a body the route does not have")
	}
	if err := strictjson.Decode([]byte(raw), reflect.New(t).Interface()); err != nil {
		return nil, fmt.Errorf("example %s does not fit %s: %w", raw, t, err)
	}
	var out bytes.Buffer
	if err := json.Compact(&out, []byte(raw)); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
