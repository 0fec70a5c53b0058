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
