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
	if err := ruleFits(s.Type, rule); err != nil {
		return err
	}
	s.Format = cmp.Or(rule.Format, s.Format)
	s.Pattern = rule.Pattern
	s.MinLength, s.MaxLength = positive(rule.MinLength), positive(rule.MaxLength)
	s.Minimum, s.Maximum = cmp.Or(rule.Minimum, s.Minimum), cmp.Or(rule.Maximum, s.Maximum)
	s.MinItems, s.MaxItems = positive(rule.MinItems), positive(rule.MaxItems)
	for _, v := range rule.Enum {
		s.Enum = append(s.Enum, v)
	}
	if len(s.Enum) > 0 && s.Type.has("null") {
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

// ruleFits refuses the parts of a rule that a value of the types cannot meet or that
// contradict each other.
func ruleFits(types Types, rule httpx.Rule) error {
	var problems []error
	wrong := func(applies bool, fits bool, why string) {
		if applies && !fits {
			problems = append(problems, errors.New(why))
		}
	}
	wrong(rule.Format != "" || rule.Pattern != "" || rule.MinLength > 0 || rule.MaxLength > 0 || len(rule.Enum) > 0,
		types.has("string"), "a format, pattern, length or enum fits a string only")
	wrong(rule.Minimum != nil || rule.Maximum != nil, types.has("integer"), "a minimum or maximum fits an integer only")
	wrong(rule.MinItems > 0 || rule.MaxItems > 0 || rule.Items != nil, types.has("array"), "an item count or item rule fits an array only")
	inverted := rule.MaxLength > 0 && rule.MinLength > rule.MaxLength || rule.MaxItems > 0 && rule.MinItems > rule.MaxItems ||
		rule.Minimum != nil && rule.Maximum != nil && *rule.Minimum > *rule.Maximum
	wrong(inverted, false, "a lower bound above the upper one")
	return errors.Join(problems...)
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
