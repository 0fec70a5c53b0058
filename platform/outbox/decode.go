package outbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrUnknownVersion is Decode's error for an event of a version the subscriber does not read.
var ErrUnknownVersion = errors.New("unknown event version")

// Known is one payload version a subscriber reads, and where Decode puts a payload of it.
type Known struct {
	version int
	into    any
}

// Version says that a subscriber reads payload version v of an event type, into into (a pointer).
func Version(v int, into any) Known { return Known{version: v, into: into} }

// Decode is how every subscriber reads an event: it unmarshals the payload into the target of
// e's version among known, and the subscriber then acts on that target (switching on e.Version
// when it reads more than one).
//
// The rule: an event of a subscribed type whose version the subscriber does not know is never
// dropped unseen. Decode fails it with ErrUnknownVersion, naming the version and the known ones;
// the handler returns that error, so the delivery is retried (meanwhile a replica that knows the
// version may take it) and finally parked, where an operator sees the error in the parked-events
// list and retries it once a release that reads the version runs. A payload that does not
// unmarshal fails the same way.
func Decode(e Event, known ...Known) error {
	for _, k := range known {
		if k.version != e.Version {
			continue
		}
		if err := json.Unmarshal(e.Payload, k.into); err != nil {
			return fmt.Errorf("decode %s %s (version %d): %w", e.Type, e.ID, e.Version, err)
		}
		return nil
	}
	return fmt.Errorf("%w: %s %s is version %d; this subscriber knows %s", ErrUnknownVersion, e.Type, e.ID, e.Version, versions(known))
}

// versions names the known versions for a person: "version 1", "versions 1, 2".
func versions(known []Known) string {
	if len(known) == 0 {
		return "no version"
	}
	list := make([]string, len(known))
	for i, k := range known {
		list[i] = strconv.Itoa(k.version)
	}
	if len(list) == 1 {
		return "version " + list[0]
	}
	return "versions " + strings.Join(list, ", ")
}
