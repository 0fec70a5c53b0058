// Package ids makes the identifiers of every entity: UUIDv7, so that ids sort by creation time
// and keyset pagination can order by id alone.
package ids

import (
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"
)

// New returns a new UUIDv7 in its canonical lower-case text form.
func New() string {
	return uuid.Must(uuid.NewV7()).String()
}

// NewRequestID returns a new UUIDv7 for a request id: unique (74 random bits per millisecond)
// and sorting by time like New's, without New's lock and its read of the system's random
// source, which a request id, stored nowhere, does not need.
func NewRequestID() string { return NewRequestIDAt(time.Now()) }

// NewRequestIDAt is NewRequestID for a request that arrived at now, read once by its caller.
func NewRequestIDAt(now time.Time) string {
	var u [16]byte
	binary.BigEndian.PutUint64(u[:8], uint64(now.UnixMilli())<<16|rand.Uint64()&0x0fff|0x7000)
	binary.BigEndian.PutUint64(u[8:], rand.Uint64()&(1<<62-1)|1<<63) // RFC 9562's variant 10
	var s [36]byte
	hex.Encode(s[0:8], u[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], u[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], u[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], u[8:10])
	s[23] = '-'
	hex.Encode(s[24:], u[10:])
	return string(s[:])
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
