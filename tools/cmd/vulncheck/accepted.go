package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"time"
)

// acceptedJSON is the reviewed list of advisories the project lives with for now.
//
//go:embed accepted.json
var acceptedJSON []byte

// exception accepts one advisory of one module: only while no fixed version of that module
// exists, and only while some module of ours still reaches it.
type exception struct {
	ID       string `json:"id"`       // GO-YYYY-NNNN
	Module   string `json:"module"`   // the vulnerable module's path, e.g. github.com/labstack/echo/v4
	Reason   string `json:"reason"`   // why the code is not exposed, in words a reviewer can check
	Reviewed string `json:"reviewed"` // YYYY-MM-DD, when someone last checked the reason
}

var advisoryID = regexp.MustCompile(`^GO-[0-9]{4}-[0-9]{4,}$`)

// parseAccepted reads and checks a list of exceptions: every member present, no unknown member,
// no advisory accepted twice for one module.
func parseAccepted(b []byte) ([]exception, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var list []exception
	if err := dec.Decode(&list); err != nil {
		return nil, fmt.Errorf("accepted list: %w", err)
	}
	var problems []error
	seen := map[[2]string]bool{}
	for i, e := range list {
		if !advisoryID.MatchString(e.ID) {
			problems = append(problems, fmt.Errorf("entry %d: id %q is not GO-YYYY-NNNN", i, e.ID))
		}
		if e.Module == "" || e.Reason == "" {
			problems = append(problems, fmt.Errorf("entry %d (%s): module and reason are required", i, e.ID))
		}
		if _, err := time.Parse(time.DateOnly, e.Reviewed); err != nil {
			problems = append(problems, fmt.Errorf("entry %d (%s): reviewed %q is not YYYY-MM-DD", i, e.ID, e.Reviewed))
		}
		if key := [2]string{e.ID, e.Module}; seen[key] {
			problems = append(problems, fmt.Errorf("entry %d: %s of %s is accepted twice", i, e.ID, e.Module))
		} else {
			seen[key] = true
		}
	}
	if err := errors.Join(problems...); err != nil {
		return nil, fmt.Errorf("accepted list: %w", err)
	}
	return list, nil
}
