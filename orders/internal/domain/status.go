package domain

import "github.com/modmono/platform/errs"

// Status is where an order is in its life.
type Status string

const (
	StatusPending   Status = "pending"
	StatusPaid      Status = "paid"
	StatusCancelled Status = "cancelled"
	StatusRefunded  Status = "refunded"
)

// Statuses lists every status, in life order.
var Statuses = []Status{StatusPending, StatusPaid, StatusCancelled, StatusRefunded}

// StatusNames are the names ParseStatus accepts, in life order: the enum of ?status=.
func StatusNames() []string {
	names := make([]string, len(Statuses))
	for i, s := range Statuses {
		names[i] = string(s)
	}
	return names
}

// ParseStatus accepts exactly the contract's status names; the error names field (the query
// parameter "status").
func ParseStatus(raw, field string) (Status, error) {
	for _, s := range Statuses {
		if string(s) == raw {
			return s, nil
		}
	}
	return "", errs.Validation(errs.Field(field, errs.FieldInvalid,
		`unknown status; use "pending", "paid", "cancelled" or "refunded"`))
}
