// Package page implements the contract's keyset pagination: ?limit= and an opaque ?cursor=.
package page

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
)

const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// Request is a validated page request. After is the sort key of the last item already seen
// ("" for the first page).
type Request struct {
	Limit int
	After string
}

// WithDefaultLimit is r with DefaultLimit when it has no limit: for a caller that built its
// request by hand rather than with Parse.
func (r Request) WithDefaultLimit() Request {
	if r.Limit < 1 {
		r.Limit = DefaultLimit
	}
	return r
}

// errBadCursor is the 422 of a cursor this API did not return.
func errBadCursor() error {
	return errs.Validation(errs.Field("cursor", "invalid", "cursor is not one this API returned"))
}

// AfterID is the keyset bound of a list ordered by id, newest first, for a statement that reads
// the ids below it: ids.Max on the first page (it sorts after every id, so the first page needs
// no statement of its own), else the cursor's id in its stored form. A cursor that holds no id
// is the same 422 as one that does not decode.
func (r Request) AfterID() (string, error) {
	if r.After == "" {
		return ids.Max, nil
	}
	id, ok := ids.Canonical(r.After)
	if !ok {
		return "", errBadCursor()
	}
	return id, nil
}

// Page is the contract's list body. NextCursor is nil on the page that holds the last item.
type Page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

const cursorPrefix = "v1:"

// Parse validates the raw query values; a bad limit or cursor is a 422 naming the field.
func Parse(limitRaw, cursorRaw string) (Request, error) {
	req := Request{Limit: DefaultLimit}
	if limitRaw != "" {
		n, err := strconv.Atoi(limitRaw)
		if err != nil || n < 1 || n > MaxLimit {
			return Request{}, errs.Validation(errs.Field("limit", "out_of_range", "limit must be an integer from 1 to 100"))
		}
		req.Limit = n
	}
	if cursorRaw != "" {
		after, ok := decodeCursor(cursorRaw)
		if !ok {
			return Request{}, errBadCursor()
		}
		req.After = after
	}
	return req, nil
}

// Build turns up to Limit+1 fetched rows into a page: the extra row only proves that another
// page exists, so the last page never points at an empty one.
func Build[T any](rows []T, req Request, key func(T) string) Page[T] {
	p := Page[T]{Items: rows}
	if p.Items == nil {
		p.Items = []T{}
	}
	if len(rows) > req.Limit {
		p.Items = rows[:req.Limit]
		next := EncodeCursor(key(p.Items[req.Limit-1]))
		p.NextCursor = &next
	}
	return p
}

// EncodeCursor makes the opaque cursor for a sort key.
func EncodeCursor(after string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + after))
}

func decodeCursor(raw string) (string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil {
		return "", false
	}
	s, ok := strings.CutPrefix(string(b), cursorPrefix)
	if !ok || s == "" || len(s) > 200 {
		return "", false
	}
	return s, true
}
