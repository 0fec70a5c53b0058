package httpx

import (
	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/errs"
)

// Access says who may call a route; the server enforces it before the handler runs.
type Access int

const (
	Public Access = iota // no token needed
	User                 // any valid access token
	Admin                // a valid access token with the admin role
)

// Route is one endpoint. Contexts hand their routes to the server through the fx value group
// "routes"; the descriptive fields feed the OpenAPI document, so they must be true to the handler.
// The fields after Errors may be left zero: they then add nothing to the document.
type Route struct {
	Method  string
	Path    string // echo syntax: /api/v1/users/:id
	Access  Access
	Handler echo.HandlerFunc

	OperationID string
	Summary     string
	Tags        []string
	Request     any      // zero value of the JSON body type, or nil
	Response    any      // zero value of the success body type, or nil
	Status      int      // success status
	Errors      []string // contract codes this route can answer besides the generic ones

	// Problems are the route's own contract errors as its handler builds them (for example
	// domain.ErrEmailTaken()): the document lists each code under the status the server answers
	// its kind with, so a code's status is written down once, where the error is made. A code in
	// Errors needs its problem here (on this route or another) unless it is generic (errs.Code*)
	// or an Idempotency-Key code (idempotency.Mode.Codes()).
	Problems []*errs.Error
	// Query lists the query parameters the handler reads, besides ?limit= and ?cursor=, which a
	// page.Page response implies.
	Query []Param
	// MediaType is the success body's media type when it is not JSON; Response is then nil.
	MediaType string
	// FormBody admits an HTML form's body (application/x-www-form-urlencoded) besides JSON: for
	// server-rendered pages whose forms post without a script. An API route leaves it false.
	FormBody bool
	// RequestExample and ResponseExample are sample bodies (JSON text) for the documentation.
	// The document is refused unless they bind strictly into Request and Response.
	RequestExample, ResponseExample string
}

// Param is one query parameter of a route. Every query value is a string on the wire.
type Param struct {
	Name        string
	Description string
	Format      string   // JSON Schema format of the value, for example "uuid" or "email"
	Enum        []string // the accepted values, when they are a closed set
}
