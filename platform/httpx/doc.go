// Package httpx is what a route and its handler use: Route with its Access and documentation
// (with the Rules a request body type states for its members, see RuledBody),
// the RouteTable the server and middleware look routes up in, strict body binding (Bind, with
// Need and Required for the members a request must have), path and page parameters (PathID,
// PageRequest), the caller (Principal) and the request id.
package httpx
