package openapi

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/httpx"
	"github.com/modmono/platform/problem"
)

// Build describes routes as an OpenAPI 3.1 document. It refuses whatever would make the
// document invalid or plainly untrue, naming every such route at once: a body type without a
// JSON shape, an example its type rejects, two operations with one id, one code with two
// statuses. A code whose status nothing declares is not fatal, so that the API still starts:
// it is documented under "default" and listed in Undeclared, which tests hold empty.
func Build(info Info, routes []httpx.Route) (*Document, error) {
	b, err := newBuilder(routes)
	if err != nil {
		return nil, err
	}
	doc := &Document{OpenAPI: Version, Info: info, Servers: info.Servers, Paths: map[string]PathItem{}}
	if len(doc.Servers) == 0 {
		doc.Servers = []Server{sameServer}
	}
	ids := map[string]string{}
	tags := map[string]bool{}
	var problems []error
	for _, rt := range routes {
		route := rt.Method + " " + rt.Path
		path, op, undeclared, err := b.operation(rt)
		if err != nil {
			problems = append(problems, fmt.Errorf("openapi: route %s: %w", route, err))
			continue
		}
		for _, code := range undeclared {
			doc.Undeclared = append(doc.Undeclared, route+": "+code)
		}
		if prev, dup := ids[op.OperationID]; dup {
			problems = append(problems, fmt.Errorf("openapi: routes %s and %s share the operationId %q", prev, route, op.OperationID))
		}
		ids[op.OperationID] = route
		if doc.Paths[path] == nil {
			doc.Paths[path] = PathItem{}
		}
		doc.Paths[path][strings.ToLower(rt.Method)] = op
		for _, t := range op.Tags {
			tags[t] = true
		}
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	schemas, err := nameComponents(b.refl.order)
	if err != nil {
		return nil, err
	}
	doc.Components = Components{Schemas: schemas, Responses: b.shared, Headers: sharedHeaders(), SecuritySchemes: securitySchemes()}
	doc.walkSchemas(resolveRef)
	if doc.Tags, err = describedTags(info.Tags, tags); err != nil {
		return nil, err
	}
	return doc, nil
}

// describedTags are the tags routes use, in the order and with the descriptions of described;
// a tag without a description is refused, since a reader meets the group before its operations.
func describedTags(described []Tag, used map[string]bool) ([]Tag, error) {
	var out []Tag
	for _, t := range described {
		if used[t.Name] && t.Description != "" {
			out = append(out, t)
			delete(used, t.Name)
		}
	}
	if len(used) > 0 {
		return nil, fmt.Errorf("openapi: routes use the tags %q, which Info.Tags does not describe", slices.Sorted(maps.Keys(used)))
	}
	return out, nil
}

// builder holds what every operation shares.
type builder struct {
	refl *reflector
	// declared is the status of every code some route's Problems declare.
	declared map[string]int
	problem  *Schema
	// shared are the error responses of one generic code, which operations refer to.
	shared map[string]*Response
}

func newBuilder(routes []httpx.Route) (*builder, error) {
	b := &builder{refl: newReflector(), declared: map[string]int{}, shared: map[string]*Response{}}
	var err error
	if b.problem, err = b.refl.body(problem.Problem{}, response); err != nil {
		return nil, err
	}
	var problems []error
	for _, rt := range routes {
		for _, p := range rt.Problems {
			if err := b.declare(p); err != nil {
				problems = append(problems, fmt.Errorf("openapi: route %s %s: %w", rt.Method, rt.Path, err))
			}
		}
	}
	return b, errors.Join(problems...)
}

// declare records the status of a problem's code; one code must have one status everywhere.
func (b *builder) declare(p *errs.Error) error {
	if p == nil || p.Code == "" {
		return errors.New("a problem without a code")
	}
	status := problem.Status(p)
	if known, ok := b.knownStatus(p.Code); ok && known != status {
		return fmt.Errorf("code %s is answered with %d here and %d elsewhere", p.Code, status, known)
	}
	b.declared[p.Code] = status
	return nil
}

// knownStatus is the status of a code declared by a route, generic, or of the Idempotency-Key.
func (b *builder) knownStatus(code string) (int, bool) {
	if s, ok := b.declared[code]; ok {
		return s, true
	}
	if s, ok := problem.GenericCodeStatus(code); ok {
		return s, true
	}
	if k, ok := idempotencyKinds[code]; ok {
		return problem.Status(errs.New(k, code, "")), true
	}
	return 0, false
}

// walkSchemas calls fn on every schema of the document.
func (d *Document) walkSchemas(fn func(*Schema)) {
	content := func(c map[string]*MediaType) {
		for _, m := range c {
			m.Schema.walk(fn)
		}
	}
	for _, item := range d.Paths {
		for _, op := range item {
			for _, p := range op.Parameters {
				p.Schema.walk(fn)
			}
			if op.RequestBody != nil {
				content(op.RequestBody.Content)
			}
			for _, r := range op.Responses {
				content(r.Content)
				for _, h := range r.Headers {
					h.Schema.walk(fn)
				}
			}
		}
	}
	for _, s := range d.Components.Schemas {
		s.walk(fn)
	}
	for _, r := range d.Components.Responses {
		content(r.Content)
	}
}

// typeOf is v's type without pointers.
func typeOf(v any) reflect.Type {
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}
