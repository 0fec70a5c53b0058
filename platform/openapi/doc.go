// Package openapi describes the API from its routes: Build turns every httpx.Route into an
// OpenAPI 3.1 document (schemas by reflection on the body types, statuses from the errs kinds),
// and WithDocs adds the routes that serve it, /openapi.json and the Swagger UI at /docs.
//
// The model and the reflection are written here rather than taken from a library: kin-openapi's
// generator writes OpenAPI 3.0 forms (kin-openapi validates the document in the gateway's tests),
// huma would bring a whole framework for its schema registry, and the rules that matter here
// are the house's own (pointers mark members whose absence the handler detects, requests are
// closed objects because the binder rejects unknown members, statuses come from problem's one
// kind → status table, members' rules come from the domain's constants through
// httpx.RuledBody), which no generic reflector knows.
package openapi
