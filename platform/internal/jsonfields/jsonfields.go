// Package jsonfields lists the members of a struct's JSON object as encoding/json reads and
// writes them, for the packages that must agree with it: strictjson's decoder and openapi's
// schemas.
package jsonfields

import (
	"reflect"
	"strings"
)

// Field is one member of a struct's JSON object.
type Field struct {
	Name   string       // the member's name: the tag's, or else the Go field's
	GoName string       // the Go field's name
	Type   reflect.Type // the Go field's type
	// OmitEmpty is set by the omitempty or omitzero option: the member may be missing.
	OmitEmpty bool
	// String is set by the ",string" option (encoding/json applies it to scalars only).
	String bool
	tagged bool
	depth  int // of embedding, for the rule on duplicate names
}

// Of lists t's members in declaration order, following encoding/json: a tag renames, "-" hides,
// unexported fields are skipped (but not embedded unexported structs, whose exported fields are
// promoted), untagged embedded structs are flattened, and of two members with one name the
// shallower one wins, or at equal depth the only tagged one, or neither. A struct that embeds
// itself (through a pointer) is expanded once, as encoding/json does; embedsItself reports it.
func Of(t reflect.Type) (fields []Field, embedsItself bool) {
	var all []Field
	embedsItself = collect(t, 0, map[reflect.Type]bool{}, &all)
	byName := map[string][]int{}
	for i, f := range all {
		byName[f.Name] = append(byName[f.Name], i)
	}
	for i, f := range all {
		if winner(all, byName[f.Name]) == i {
			fields = append(fields, f)
		}
	}
	return fields, embedsItself
}

// collect appends t's members to out, depth levels of embedding down, and reports whether it
// met a struct already being expanded.
func collect(t reflect.Type, depth int, seen map[reflect.Type]bool, out *[]Field) (embedsItself bool) {
	if seen[t] {
		return true
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
		if sf.Anonymous {
			et := sf.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if !sf.IsExported() && et.Kind() != reflect.Struct {
				continue
			}
			if name == "" && et.Kind() == reflect.Struct {
				embedsItself = collect(et, depth+1, seen, out) || embedsItself
				continue
			}
		} else if !sf.IsExported() {
			continue
		}
		f := Field{Name: name, GoName: sf.Name, Type: sf.Type, tagged: name != "", depth: depth}
		if f.Name == "" {
			f.Name = sf.Name
		}
		for o := range strings.SplitSeq(opts, ",") {
			switch o {
			case "omitempty", "omitzero":
				f.OmitEmpty = true
			case "string":
				f.String = true
			}
		}
		*out = append(*out, f)
	}
	return embedsItself
}

// winner is the index among candidates (indexes of members with one name) that encoding/json
// keeps, or -1 when the name is ambiguous and it drops them all.
func winner(all []Field, candidates []int) int {
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
