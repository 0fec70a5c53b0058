package openapi

import (
	"cmp"
	"errors"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/modmono/platform/httpx"
)

var ruledBodyType = reflect.TypeFor[httpx.RuledBody]()

// bodyRules are the rules t states for its members (httpx.RuledBody), in a map of the caller's.
func bodyRules(t reflect.Type) map[string]httpx.Rule {
	if !implements(t, ruledBodyType) {
		return nil
	}
	return maps.Clone(reflect.New(t).Interface().(httpx.RuledBody).BodyRules())
}

// applyRule writes rule into s, the schema of one member. It refuses a rule that does not fit
// the member's JSON type, which would be a rule the document shows and no value can meet.
func applyRule(s *Schema, rule httpx.Rule) error {
	is := s.Type.has
	var problems []error
	need := func(set bool, ok bool, what string) {
		if set && !ok {
			problems = append(problems, errors.New(what))
		}
	}
	str := is("string")
	need(rule.Format != "" || rule.Pattern != "" || rule.MinLength > 0 || rule.MaxLength > 0 || len(rule.Enum) > 0, str,
		"a format, pattern, length or enum fits a string only")
	need(rule.Minimum != nil || rule.Maximum != nil, is("integer"), "a minimum or maximum fits an integer only")
	need(rule.MinItems > 0 || rule.MaxItems > 0 || rule.Items != nil, is("array"), "an item count or item rule fits an array only")
	need(rule.MinLength > rule.MaxLength && rule.MaxLength > 0 || rule.MinItems > rule.MaxItems && rule.MaxItems > 0 ||
		rule.Minimum != nil && rule.Maximum != nil && *rule.Minimum > *rule.Maximum, false, "a lower bound above the upper one")
	if len(problems) > 0 {
		return errors.Join(problems...)
	}
	s.Format = cmp.Or(rule.Format, s.Format)
	s.Pattern = rule.Pattern
	s.MinLength, s.MaxLength = positive(rule.MinLength), positive(rule.MaxLength)
	s.Minimum, s.Maximum = cmp.Or(rule.Minimum, s.Minimum), cmp.Or(rule.Maximum, s.Maximum)
	s.MinItems, s.MaxItems = positive(rule.MinItems), positive(rule.MaxItems)
	for _, v := range rule.Enum {
		s.Enum = append(s.Enum, v)
	}
	if len(s.Enum) > 0 && is("null") {
		s.Enum = append(s.Enum, nil) // enum governs every value: a nullable member lists null too
	}
	if rule.Note != "" {
		s.Description = strings.TrimSpace(s.Description + " " + rule.Note)
	}
	if rule.Items != nil {
		if s.Items == nil || s.Items.component != nil {
			return errors.New("the elements are objects: state their rules on their type")
		}
		return applyRule(s.Items, *rule.Items)
	}
	return nil
}

func positive(n int) *int {
	if n <= 0 {
		return nil
	}
	return &n
}

// Rule reads back the rule s states for one value (Items and Note left out, null left out of
// the enum): what tests compare with the domain's constants.
func (s *Schema) Rule() httpx.Rule {
	r := httpx.Rule{Format: s.Format, Pattern: s.Pattern, Minimum: s.Minimum, Maximum: s.Maximum}
	if slices.Contains([]string{"int32", "int64", "float", "double", "date-time"}, s.Format) {
		r.Format = "" // the type's, not a rule
	}
	for _, v := range s.Enum {
		if str, ok := v.(string); ok {
			r.Enum = append(r.Enum, str)
		}
	}
	deref := func(p *int) int {
		if p == nil {
			return 0
		}
		return *p
	}
	r.MinLength, r.MaxLength, r.MinItems, r.MaxItems = deref(s.MinLength), deref(s.MaxLength), deref(s.MinItems), deref(s.MaxItems)
	return r
}
