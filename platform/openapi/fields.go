package openapi

import (
	"fmt"
	"reflect"
	"strings"
)

// jsonField is one member of a struct's JSON object.
type jsonField struct {
	name, goName string
	typ          reflect.Type
	optional     bool // omitempty or omitzero: the member may be missing
	asString     bool // the ",string" option
	tagged       bool
	depth        int // of embedding, for encoding/json's rule on duplicate names
}

// jsonFields lists t's members as encoding/json sees them: exported fields under their tag
// names, fields of untagged embedded structs promoted, and of two members with one name the
// shallower one, or the tagged one at equal depth, or neither.
func jsonFields(t reflect.Type) ([]jsonField, error) {
	var all []jsonField
	if err := collect(t, 0, map[reflect.Type]bool{}, &all); err != nil {
		return nil, err
	}
	byName := map[string][]int{}
	for i, f := range all {
		byName[f.name] = append(byName[f.name], i)
	}
	var out []jsonField
	for i, f := range all {
		if winner(all, byName[f.name]) == i {
			out = append(out, f)
		}
	}
	return out, nil
}

func collect(t reflect.Type, depth int, seen map[reflect.Type]bool, out *[]jsonField) error {
	if seen[t] {
		return fmt.Errorf("%s embeds itself", t)
	}
	seen[t] = true
	defer delete(seen, t)
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := sf.Type
		if sf.Anonymous {
			et := ft
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if name == "" && et.Kind() == reflect.Struct {
				if err := collect(et, depth+1, seen, out); err != nil {
					return err
				}
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		f := jsonField{name: name, goName: sf.Name, typ: ft, tagged: name != "", depth: depth}
		if f.name == "" {
			f.name = sf.Name
		}
		for o := range strings.SplitSeq(opts, ",") {
			switch o {
			case "omitempty", "omitzero":
				f.optional = true
			case "string":
				f.asString = isScalar(ft)
			}
		}
		*out = append(*out, f)
	}
	return nil
}

// winner is the index among candidates (indexes of members with one name) that encoding/json
// keeps, or -1 when the name is ambiguous and it drops them all.
func winner(all []jsonField, candidates []int) int {
	best := []int{}
	for _, i := range candidates {
		switch {
		case len(best) == 0 || all[i].depth < all[best[0]].depth:
			best = []int{i}
		case all[i].depth == all[best[0]].depth:
			best = append(best, i)
		}
	}
	if len(best) == 1 {
		return best[0]
	}
	var tagged []int
	for _, i := range best {
		if all[i].tagged {
			tagged = append(tagged, i)
		}
	}
	if len(tagged) == 1 {
		return tagged[0]
	}
	return -1
}

// isScalar reports whether the ",string" option applies to t (encoding/json ignores it else).
func isScalar(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}
