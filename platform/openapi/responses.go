package openapi

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/idempotency"
	"github.com/modmono/platform/problem"
)

const (
	jsonType     = "application/json"
	bearerScheme = "bearerAuth"
	headerRefs   = "#/components/headers/"
	responseRefs = "#/components/responses/"
	requestIDHdr = "X-Request-ID"
)

// genericCodes are the codes every route of a kind can answer, by the platform's middleware
// and error handler rather than its own handler.
func genericCodes(rt httpx.Route) []string {
	var codes []string
	if rt.Request != nil {
		codes = append(codes, errs.CodeMalformedJSON, errs.CodePayloadTooLarge, errs.CodeUnsupportedMediaType)
	}
	if rt.Request != nil || hasQuery(rt) {
		codes = append(codes, errs.CodeValidationFailed)
	}
	if rt.Access != httpx.Public {
		codes = append(codes, errs.CodeUnauthenticated)
	}
	if rt.Access == httpx.Admin {
		codes = append(codes, errs.CodeForbidden)
	}
	return append(codes, errs.CodeTooManyRequests, errs.CodeServiceUnavailable, errs.CodeInternal)
}

// errorCodes groups every code the route can answer by status, each once; undeclared are the
// codes whose status nothing declares.
func (b *builder) errorCodes(rt httpx.Route) (byStatus map[int][]string, undeclared []string) {
	all := genericCodes(rt)
	all = append(all, rt.Errors...)
	for _, p := range rt.Problems {
		all = append(all, p.Code)
	}
	byStatus = map[int][]string{}
	for _, code := range all {
		status, ok := b.knownStatus(code)
		switch {
		case !ok:
			if !slices.Contains(undeclared, code) {
				undeclared = append(undeclared, code)
			}
		case !slices.Contains(byStatus[status], code):
			byStatus[status] = append(byStatus[status], code)
		}
	}
	return byStatus, undeclared
}

// undeclaredResponse lists codes of unknown status under "default": the route does answer
// them, so leaving them out would be less true than saying that their status is not known.
func (b *builder) undeclaredResponse(codes []string) *Response {
	r := b.problemResponse(0, codes)
	r.Description = "Status not declared (the route should list these errors in its Problems): " + strings.Join(codes, ", ")
	return r
}

func (b *builder) requestBody(rt httpx.Route) (*RequestBody, error) {
	if rt.Request == nil {
		if rt.RequestExample != "" {
			return nil, fmt.Errorf("a RequestExample without a Request type")
		}
		return nil, nil
	}
	s, err := b.refl.body(rt.Request, request)
	if err != nil {
		return nil, err
	}
	ex, err := b.example(rt.RequestExample, typeOf(rt.Request))
	if err != nil {
		return nil, err
	}
	return &RequestBody{Required: true, Content: map[string]*MediaType{jsonType: {Schema: s, Example: ex}}}, nil
}

func (b *builder) success(rt httpx.Route, key keyRule) (*Response, error) {
	r := &Response{Description: http.StatusText(rt.Status), Headers: map[string]*Header{requestIDHdr: {Ref: headerRefs + requestIDHdr}}}
	if key != keyNone {
		r.Headers[idempotency.HeaderReplayed] = &Header{
			Description: "true when this is the stored answer to an earlier request with the same key",
			Schema:      &Schema{Type: Types{"string"}, Enum: []any{"true"}},
		}
	}
	switch {
	case rt.Response != nil:
		s, err := b.refl.body(rt.Response, response)
		if err != nil {
			return nil, err
		}
		ex, err := b.example(rt.ResponseExample, typeOf(rt.Response))
		if err != nil {
			return nil, err
		}
		r.Content = map[string]*MediaType{jsonType: {Schema: s, Example: ex}}
	case rt.ResponseExample != "":
		return nil, fmt.Errorf("a ResponseExample without a Response type")
	case strings.HasPrefix(rt.MediaType, "text/"):
		r.Content = map[string]*MediaType{rt.MediaType: {Schema: &Schema{Type: Types{"string"}}}}
	case rt.MediaType != "":
		r.Content = map[string]*MediaType{rt.MediaType: {Schema: &Schema{}}} // no Go type to describe it by
	}
	return r, nil
}

// failure is an error status's response: the shared Problem, its code narrowed to the ones
// this route can answer with this status, which x-codes lists too. A response of one generic
// code is the same for every route, so routes refer to one copy of it.
func (b *builder) failure(status int, codes []string) *Response {
	if _, generic := problem.GenericCodeStatus(codes[0]); len(codes) == 1 && generic {
		if b.shared[codes[0]] == nil {
			b.shared[codes[0]] = b.problemResponse(status, codes)
		}
		return &Response{Ref: responseRefs + codes[0]}
	}
	return b.problemResponse(status, codes)
}

func (b *builder) problemResponse(status int, codes []string) *Response {
	enum := make([]any, len(codes))
	for i, c := range codes {
		enum[i] = c
	}
	narrowed := &Schema{AllOf: []*Schema{b.problem, {Properties: Properties{{Name: "code", Schema: &Schema{Enum: enum}}}}}}
	r := &Response{
		Description: http.StatusText(status) + ": " + strings.Join(codes, ", "),
		Codes:       codes,
		Headers:     map[string]*Header{requestIDHdr: {Ref: headerRefs + requestIDHdr}},
		Content:     map[string]*MediaType{problem.ContentType: {Schema: narrowed}},
	}
	switch status {
	case http.StatusUnauthorized:
		r.Headers["WWW-Authenticate"] = &Header{Description: "Bearer", Schema: &Schema{Type: Types{"string"}}}
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		r.Headers["Retry-After"] = &Header{Description: "Seconds to wait before trying again", Schema: &Schema{Type: Types{"integer"}, Minimum: ptr(int64(1))}}
	}
	return r
}

func sharedHeaders() map[string]*Header {
	return map[string]*Header{requestIDHdr: {
		Description: "The caller's request id if it was 1 to 128 characters of [A-Za-z0-9._-], else a new one",
		Schema:      &Schema{Type: Types{"string"}},
	}}
}

func securitySchemes() map[string]*SecurityScheme {
	return map[string]*SecurityScheme{bearerScheme: {
		Type: "http", Scheme: "bearer", BearerFormat: "JWT",
		Description: "An access_token from a TokenPair (sign in, or refresh a session); it expires within 15 minutes.",
	}}
}
