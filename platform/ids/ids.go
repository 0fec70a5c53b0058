// Package ids makes the identifiers of every entity: UUIDv7, so that ids sort by creation time
// and keyset pagination can order by id alone.
package ids

import "github.com/google/uuid"

// New returns a new UUIDv7 in its canonical lower-case text form.
func New() string {
	return uuid.Must(uuid.NewV7()).String()
}

// Valid reports whether s is a UUID in canonical text form.
func Valid(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}
