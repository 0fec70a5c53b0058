// Package config reads typed configuration from environment variables and reports every bad
// value by the name of its variable, so an operator knows what to fix without reading code.
package config

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"reflect"
	"strings"

	"github.com/caarlos0/env/v11"
)

// VarError is a bad or missing value, named by its environment variable.
type VarError struct {
	Var string
	Err error
}

func (e *VarError) Error() string { return e.Var + ": " + e.Err.Error() }
func (e *VarError) Unwrap() error { return e.Err }

// Errorf builds a VarError; Validate methods use it so their messages look like the parser's.
func Errorf(variable, format string, args ...any) error {
	return &VarError{Var: variable, Err: fmt.Errorf(format, args...)}
}

// Validator is implemented by configuration types with rules beyond parsing. A type that embeds
// Base and has rules of its own must call Base.Validate from its Validate.
type Validator interface {
	Validate() error
}

// Load reads T from the process environment, then validates it.
func Load[T any]() (T, error) {
	return LoadFrom[T](environ())
}

// LoadFrom reads T from the given variables only; tests use it so they can run in parallel
// without touching the process environment.
func LoadFrom[T any](environment map[string]string) (T, error) {
	var cfg T
	err := env.ParseWithOptions(&cfg, env.Options{
		Environment: environment,
		FuncMap:     map[reflect.Type]env.ParserFunc{reflect.TypeFor[[]netip.Prefix](): parsePrefixes},
	})
	if err != nil {
		return cfg, named(reflect.TypeFor[T](), err)
	}
	if v, ok := any(cfg).(Validator); ok {
		err = v.Validate()
	} else if v, ok := any(&cfg).(Validator); ok {
		err = v.Validate()
	}
	return cfg, err
}

func environ() map[string]string {
	m := make(map[string]string)
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return m
}

// named rewrites the parser's errors, which name Go struct fields, so that each names its
// environment variable instead.
func named(t reflect.Type, err error) error {
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		return err
	}
	keys := map[string][]string{}
	fieldKeys(t, "", keys)
	out := make([]error, 0, len(agg.Errors))
	for _, e := range agg.Errors {
		out = append(out, nameOne(e, keys))
	}
	return errors.Join(out...)
}

func nameOne(err error, keys map[string][]string) error {
	var (
		parse    env.ParseError
		noParser env.NoParserError
		notSet   env.VarIsNotSetError
		empty    env.EmptyVarError
		file     env.LoadFileContentError
	)
	switch {
	case errors.As(err, &parse):
		return &VarError{Var: keyOf(parse.Name, keys), Err: parse.Err}
	case errors.As(err, &noParser):
		return &VarError{Var: keyOf(noParser.Name, keys), Err: fmt.Errorf("no parser for type %s", noParser.Type)}
	case errors.As(err, &notSet):
		return &VarError{Var: notSet.Key, Err: errors.New("required but not set")}
	case errors.As(err, &empty):
		return &VarError{Var: empty.Key, Err: errors.New("must not be empty")}
	case errors.As(err, &file):
		return &VarError{Var: file.Key, Err: fmt.Errorf("cannot read file %q: %w", file.Filename, file.Err)}
	}
	return err
}

func keyOf(field string, keys map[string][]string) string {
	if k := keys[field]; len(k) > 0 {
		return strings.Join(k, " or ")
	}
	return field
}

// fieldKeys maps each Go field name of t to the variables it is read from, following the
// parser's rules for env tags, envPrefix and nested structs.
func fieldKeys(t reflect.Type, prefix string, out map[string][]string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return
	}
	for i := range t.NumField() {
		f := t.Field(i)
		key, _, _ := strings.Cut(f.Tag.Get("env"), ",")
		if key != "" && key != "-" {
			out[f.Name] = append(out[f.Name], prefix+key)
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct && ft.PkgPath() != "time" && ft.PkgPath() != "net/netip" {
			fieldKeys(ft, prefix+f.Tag.Get("envPrefix"), out)
		}
	}
}

// parsePrefixes reads a comma-separated list of CIDRs or single addresses; a single address
// stands for itself (/32 or /128).
func parsePrefixes(value string) (any, error) {
	var out []netip.Prefix
	for part := range strings.SplitSeq(value, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if strings.Contains(part, "/") {
			p, err := netip.ParsePrefix(part)
			if err != nil {
				return nil, fmt.Errorf("%q is not a CIDR or IP address", part)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return nil, fmt.Errorf("%q is not a CIDR or IP address", part)
		}
		// Proxies are matched against plain remote addresses: no zone, IPv4 not mapped into IPv6.
		a = a.Unmap().WithZone("")
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}
