package openapi

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"unicode"
)

const schemaRefPrefix = "#/components/schemas/"

// nameComponents gives every component a unique name, the shortest of: the type's name
// ("UserView"; "PageOfUserView" for page.Page[UserView]), then prefixed with its module
// ("OrdersMoneyRequest" beside "PaymentsMoneyRequest"), then with its whole package path. A
// type used by requests and responses alike gets two components, the request's with "Input"
// appended, since request objects are closed and read pointers differently.
func nameComponents(comps []*component) (map[string]*Schema, error) {
	inResponses := map[reflect.Type]bool{}
	for _, c := range comps {
		if c.dir == response {
			inResponses[c.typ] = true
		}
	}
	levels := []func(*component) string{
		func(c *component) string { return typeName(c.typ) },
		func(c *component) string { return moduleName(c.typ.PkgPath()) + typeName(c.typ) },
		func(c *component) string { return sanitize(c.typ.PkgPath()) + "." + typeName(c.typ) },
	}
	suffix := func(c *component) string {
		if c.dir == request && inResponses[c.typ] {
			return "Input"
		}
		return ""
	}
	// Components sharing a first-level name move up a level together, so that a name never
	// depends on which of them happened to be reflected first.
	pending := comps
	for _, level := range levels {
		groups := map[string][]*component{}
		for _, c := range pending {
			n := level(c) + suffix(c)
			groups[n] = append(groups[n], c)
		}
		pending = nil
		for n, g := range groups {
			if len(g) == 1 {
				g[0].name = n
			} else {
				pending = append(pending, g...)
			}
		}
		if len(pending) == 0 {
			break
		}
	}
	if len(pending) > 0 {
		return nil, fmt.Errorf("openapi: cannot name the schema of %s apart from another type", pending[0].typ)
	}
	schemas := make(map[string]*Schema, len(comps))
	for _, c := range comps {
		if _, dup := schemas[c.name]; dup {
			return nil, fmt.Errorf("openapi: two schemas named %s", c.name)
		}
		schemas[c.name] = c.schema
	}
	return schemas, nil
}

// resolveRef writes the $ref of a schema that stands for a component, once names are known.
func resolveRef(s *Schema) {
	if s.component != nil {
		s.Ref = schemaRefPrefix + s.component.name
	}
}

var qualifier = regexp.MustCompile(`(?:[\w.\-]+/)*[\w\-]+\.`)

// typeName is the Go name without package qualifiers, generics spelled out:
// Page[github.com/x/app.UserView] is PageOfUserView, Pair[A,B] is PairOfAAndB.
func typeName(t reflect.Type) string {
	n := qualifier.ReplaceAllString(t.Name(), "")
	n = strings.NewReplacer("[", "Of", ",", "And", "]", "", "*", "", " ", "").Replace(n)
	return sanitize(n)
}

// moduleName is the path element naming the module, capitalised: "Orders" for
// github.com/modmono/orders/internal/application.
func moduleName(pkgPath string) string {
	parts := strings.Split(pkgPath, "/")
	name := parts[0]
	if strings.Contains(parts[0], ".") && len(parts) > 2 {
		name = parts[2]
	}
	r := []rune(sanitize(name))
	if len(r) == 0 {
		return ""
	}
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// sanitize keeps the characters a component name may have: [A-Za-z0-9._-].
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-') {
			return r
		}
		return '_'
	}, s)
}
