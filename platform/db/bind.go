package db

import (
	"fmt"
	"sort"
	"strings"
)

// bind finds a statement and orders its arguments by placeholder number. Every parameter must
// have an argument and every argument a parameter: a misspelt name fails here, not in the
// database with a less helpful message.
func (s *QuerySet) bind(d Dialect, name string, args Args) (string, []any, error) {
	statements, ok := s.byDialect[d]
	if !ok {
		return "", nil, fmt.Errorf("query %q: dialect %q is not supported", name, d)
	}
	c, ok := statements[name]
	if !ok {
		return "", nil, fmt.Errorf("query %q is not defined: check the name against the -- name: lines of the .sql files", name)
	}
	positional := make([]any, len(c.params))
	var missing []string
	for i, param := range c.params {
		v, ok := args[param]
		if !ok {
			missing = append(missing, ":"+param)
		}
		positional[i] = v
	}
	if len(missing) > 0 {
		return "", nil, fmt.Errorf("query %q: missing argument %s", name, strings.Join(missing, ", "))
	}
	if len(args) > len(c.params) {
		return "", nil, fmt.Errorf("query %q: unexpected argument %s: the statement has no such parameter", name, strings.Join(extraArgs(c.params, args), ", "))
	}
	return c.text, positional, nil
}

func extraArgs(params []string, args Args) []string {
	known := make(map[string]bool, len(params))
	for _, p := range params {
		known[p] = true
	}
	var extra []string
	for name := range args {
		if !known[name] {
			extra = append(extra, fmt.Sprintf("%q", name))
		}
	}
	sort.Strings(extra)
	return extra
}
