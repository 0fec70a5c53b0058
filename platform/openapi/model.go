package openapi

import (
	"bytes"
	"encoding/json"
	"slices"
)

// Version is the OpenAPI version of every document Build makes.
const Version = "3.1.0"

// Info is the document's info object, with what the document holds beside it: its servers
// (by default the one that serves the document) and the description of every tag its routes
// use, in the order readers should meet them.
type Info struct {
	Title       string   `json:"title"`
	Version     string   `json:"version"`
	Description string   `json:"description,omitempty"`
	Servers     []Server `json:"-"`
	Tags        []Tag    `json:"-"`
}

// Server is where the operations are called; a relative URL is relative to the document's.
type Server struct {
	URL         string `json:"url"`
	Description string `json:"description,omitempty"`
}

// sameServer is the default server: the one that serves the document, whatever its address.
var sameServer = Server{URL: "/", Description: "The server that serves this document."}

// Document is the subset of an OpenAPI 3.1 document this API needs.
type Document struct {
	OpenAPI    string              `json:"openapi"`
	Info       Info                `json:"info"`
	Servers    []Server            `json:"servers"`
	Tags       []Tag               `json:"tags,omitempty"`
	Paths      map[string]PathItem `json:"paths"`
	Components Components          `json:"components"`

	// Undeclared names the codes, as "METHOD /path: CODE", that routes list without anything
	// declaring their status (see httpx.Route.Problems); they are documented under "default".
	Undeclared []string `json:"-"`
}

// Tag groups operations; Swagger UI shows the groups in the order of the document's tags.
type Tag struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// PathItem maps a lower-case method ("get") to its operation.
type PathItem map[string]*Operation

type Operation struct {
	OperationID string               `json:"operationId"`
	Summary     string               `json:"summary,omitempty"`
	Description string               `json:"description,omitempty"`
	Tags        []string             `json:"tags,omitempty"`
	Parameters  []*Parameter         `json:"parameters,omitempty"`
	RequestBody *RequestBody         `json:"requestBody,omitempty"`
	Responses   map[string]*Response `json:"responses"`
	// Security is never omitted: an empty list is how a public operation says so.
	Security []SecurityRequirement `json:"security"`
	// Access is who may call it: "public", "user" or "admin".
	Access string `json:"x-access"`
}

// SecurityRequirement maps a scheme name to its scopes; the empty one means "no credentials".
type SecurityRequirement map[string][]string

type Parameter struct {
	Name        string  `json:"name"`
	In          string  `json:"in"` // path, query or header
	Description string  `json:"description,omitempty"`
	Required    bool    `json:"required,omitempty"`
	Schema      *Schema `json:"schema"`
}

type RequestBody struct {
	Required bool                  `json:"required"`
	Content  map[string]*MediaType `json:"content"`
}

type MediaType struct {
	Schema  *Schema         `json:"schema,omitempty"`
	Example json.RawMessage `json:"example,omitempty"`
}

type Response struct {
	Ref         string                `json:"$ref,omitempty"` // alone, when set
	Description string                `json:"description"`
	Headers     map[string]*Header    `json:"headers,omitempty"`
	Content     map[string]*MediaType `json:"content,omitempty"`
	// Codes are the problem codes an error response may carry.
	Codes []string `json:"x-codes,omitempty"`
}

func (r *Response) MarshalJSON() ([]byte, error) {
	if r.Ref != "" {
		return json.Marshal(map[string]string{"$ref": r.Ref})
	}
	type plain Response // without this method
	return json.Marshal((*plain)(r))
}

type Header struct {
	Ref         string  `json:"$ref,omitempty"`
	Description string  `json:"description,omitempty"`
	Required    bool    `json:"required,omitempty"`
	Schema      *Schema `json:"schema,omitempty"`
}

type Components struct {
	Schemas         map[string]*Schema         `json:"schemas"`
	Responses       map[string]*Response       `json:"responses,omitempty"`
	Headers         map[string]*Header         `json:"headers,omitempty"`
	SecuritySchemes map[string]*SecurityScheme `json:"securitySchemes"`
}

type SecurityScheme struct {
	Type         string `json:"type"`
	Scheme       string `json:"scheme"`
	BearerFormat string `json:"bearerFormat,omitempty"`
	Description  string `json:"description,omitempty"`
}

// Schema is a JSON Schema 2020-12 subset, the dialect OpenAPI 3.1 uses.
type Schema struct {
	Ref                  string     `json:"$ref,omitempty"`
	Type                 Types      `json:"type,omitempty"`
	Format               string     `json:"format,omitempty"`
	ContentEncoding      string     `json:"contentEncoding,omitempty"`
	Description          string     `json:"description,omitempty"`
	Enum                 []any      `json:"enum,omitempty"`
	Minimum              *int64     `json:"minimum,omitempty"`
	Maximum              *int64     `json:"maximum,omitempty"`
	MinLength            *int       `json:"minLength,omitempty"`
	MaxLength            *int       `json:"maxLength,omitempty"`
	Pattern              string     `json:"pattern,omitempty"`
	MinItems             *int       `json:"minItems,omitempty"`
	MaxItems             *int       `json:"maxItems,omitempty"`
	Default              any        `json:"default,omitempty"`
	Items                *Schema    `json:"items,omitempty"`
	Properties           Properties `json:"properties,omitempty"`
	Required             []string   `json:"required,omitempty"`
	AdditionalProperties any        `json:"additionalProperties,omitempty"` // *Schema, or false
	AnyOf                []*Schema  `json:"anyOf,omitempty"`
	AllOf                []*Schema  `json:"allOf,omitempty"`

	// component is the struct type a $ref points at until Build names the components.
	component *component
}

// walk calls fn on s and every schema inside it, depth first.
func (s *Schema) walk(fn func(*Schema)) {
	if s == nil {
		return
	}
	fn(s)
	s.Items.walk(fn)
	for _, p := range s.Properties {
		p.Schema.walk(fn)
	}
	if ap, ok := s.AdditionalProperties.(*Schema); ok {
		ap.walk(fn)
	}
	for _, sub := range append(append([]*Schema{}, s.AnyOf...), s.AllOf...) {
		sub.walk(fn)
	}
}

// Types is a schema's "type": one name, or several (["string", "null"]).
type Types []string

func (t Types) has(name string) bool { return slices.Contains(t, name) }

func (t Types) MarshalJSON() ([]byte, error) {
	if len(t) == 1 {
		return json.Marshal(t[0])
	}
	return json.Marshal([]string(t))
}

// Property is one member of an object schema.
type Property struct {
	Name   string
	Schema *Schema
}

// Properties keep the struct's field order, which reads better than the alphabetical order of a
// map: id first, timestamps last.
type Properties []Property

func (ps Properties) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		name, err := json.Marshal(p.Name)
		if err != nil {
			return nil, err
		}
		val, err := json.Marshal(p.Schema)
		if err != nil {
			return nil, err
		}
		b.Write(name)
		b.WriteByte(':')
		b.Write(val)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
