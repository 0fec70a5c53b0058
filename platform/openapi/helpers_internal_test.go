package openapi

import (
	"maps"
	"slices"

	"github.com/modmono/platform/problem"
)

func theProblemBody() any { return problem.Problem{} }

func keys[V any](m map[string]V) []string { return slices.Collect(maps.Keys(m)) }

func keysSorted[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
