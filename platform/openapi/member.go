package openapi

import (
	"strings"
)

// RequestMember is the schema of one member of an operation's JSON request body, by its path
// as a validation error names it with the indices left out: "email", "price.currency",
// "items[].quantity". Components and the nullable wrapping of optional objects are followed.
// It is nil when there is no such member; tests use it to hold the document to the rules.
func (d *Document) RequestMember(method, path, member string) *Schema {
	op := d.Paths[path][strings.ToLower(method)]
	if op == nil || op.RequestBody == nil || op.RequestBody.Content["application/json"] == nil {
		return nil
	}
	s := d.deref(op.RequestBody.Content["application/json"].Schema)
	for name := range strings.SplitSeq(member, ".") {
		name, elements := strings.CutSuffix(name, "[]")
		var next *Schema
		for _, p := range s.Properties {
			if p.Name == name {
				next = d.deref(p.Schema)
			}
		}
		if next != nil && elements {
			next = d.deref(next.Items)
		}
		if next == nil {
			return nil
		}
		s = next
	}
	return s
}

// deref is the component s refers to, directly or as the non-null branch of an anyOf.
func (d *Document) deref(s *Schema) *Schema {
	if s == nil {
		return nil
	}
	for _, alt := range s.AnyOf {
		if alt.Ref != "" {
			s = alt
		}
	}
	if name, ok := strings.CutPrefix(s.Ref, schemaRefPrefix); ok {
		return d.Components.Schemas[name]
	}
	return s
}
