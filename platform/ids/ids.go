// Package ids makes the identifiers of every entity: UUIDv7, so that ids sort by creation time
// and keyset pagination can order by id alone.
package ids

import (
	"strings"

	"github.com/google/uuid"
)

// New returns a new UUIDv7 in its canonical lower-case text form.
func New() string {
	return uuid.Must(uuid.NewV7()).String()
}

// Format is the JSON Schema format of every id, which the OpenAPI document gives an id member
// the server refuses when it is not one.
const Format = "uuid"

// Valid reports whether s is a UUID in canonical text form.
func Valid(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}

// Max (RFC 9562's Max UUID) sorts after every id ever generated: the keyset cursor of a first
// page, so that it needs no statement of its own.
const Max = "ffffffff-ffff-ffff-ffff-ffffffffffff"

// Canonical returns s in the lower-case form ids are stored in, or false when s is not a UUID.
// A store checks an id from outside with it first: a malformed id is then "not found" rather than
// a PostgreSQL cast error, and SQLite (TEXT ids) matches what PostgreSQL (uuid ids) would.
func Canonical(s string) (string, bool) {
	if !Valid(s) {
		return "", false
	}
	return strings.ToLower(s), true
}
