package httpx

import "github.com/labstack/echo/v4"

// Access says who may call a route; the server enforces it before the handler runs.
type Access int

const (
	Public Access = iota // no token needed
	User                 // any valid access token
	Admin                // a valid access token with the admin role
)

// Route is one endpoint. Contexts hand their routes to the server through the fx value group
// "routes"; the descriptive fields feed the OpenAPI document, so they must be true to the handler.
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
}
