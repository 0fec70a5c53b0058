package strictjson

import (
	"reflect"
	"strings"
	"sync"
)

// jsonField is one JSON member a struct accepts, under its exact (case-sensitive) name.
type jsonField struct {
	typ reflect.Type
	// quoted fields (the ",string" option) hold their value inside a JSON string; their type
	// check is left to encoding/json.
	quoted bool
}

type fieldCandidate struct {
	name   string
	field  jsonField
	depth  int
	tagged bool
}

var fieldCache sync.Map // reflect.Type -> map[string]jsonField

// structFields lists the members encoding/json would fill in t, following its rules: a tag
// renames, "-" hides, unexported fields are skipped, untagged embedded structs are flattened,
// and of two same-named fields the shallower (or, at equal depth, the only tagged) one wins.
func structFields(t reflect.Type) map[string]jsonField {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]jsonField)
	}
	var cands []fieldCandidate
	collectFields(t, 0, map[reflect.Type]bool{}, &cands)
	byName := map[string][]fieldCandidate{}
	for _, c := range cands {
		byName[c.name] = append(byName[c.name], c)
	}
	out := make(map[string]jsonField, len(byName))
	for name, cs := range byName {
		if c, ok := dominant(cs); ok {
			out[name] = c.field
		}
	}
	fieldCache.Store(t, out)
	return out
}

func collectFields(t reflect.Type, depth int, seen map[reflect.Type]bool, out *[]fieldCandidate) {
	if seen[t] {
		return
	}
	seen[t] = true
	defer delete(seen, t)
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous {
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if !f.IsExported() && ft.Kind() != reflect.Struct {
				continue
			}
			if name == "" && ft.Kind() == reflect.Struct {
				collectFields(ft, depth+1, seen, out)
				continue
			}
		} else if !f.IsExported() {
			continue
		}
		tagged := name != ""
		if !tagged {
			name = f.Name
		}
		quoted := false
		for o := range strings.SplitSeq(opts, ",") {
			quoted = quoted || o == "string"
		}
		*out = append(*out, fieldCandidate{name: name, field: jsonField{typ: f.Type, quoted: quoted}, depth: depth, tagged: tagged})
	}
}

// dominant applies encoding/json's tie-break; an unresolved tie drops the name altogether.
func dominant(cs []fieldCandidate) (fieldCandidate, bool) {
	minDepth := cs[0].depth
	for _, c := range cs {
		minDepth = min(minDepth, c.depth)
	}
	var top []fieldCandidate
	for _, c := range cs {
		if c.depth == minDepth {
			top = append(top, c)
		}
	}
	if len(top) == 1 {
		return top[0], true
	}
	var tagged []fieldCandidate
	for _, c := range top {
		if c.tagged {
			tagged = append(tagged, c)
		}
	}
	if len(tagged) == 1 {
		return tagged[0], true
	}
	return fieldCandidate{}, false
}
