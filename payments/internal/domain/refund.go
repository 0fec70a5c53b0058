package domain

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/money"
)

// The refund rules; the OpenAPI document states them too, from these constants.
const (
	// MinRefundAmount is the least amount a refund asks for, in minor units.
	MinRefundAmount = 1
	// MaxReasonRunes bounds a refund's reason, counted in code points once trimmed.
	MaxReasonRunes = 500
	// ReasonPattern is a reason without control characters other than tabs and line breaks:
	// what NewRefundReason accepts once trimmed, length apart. Written for RE2 and ECMA-262 alike.
	ReasonPattern = `^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$`
)

var reasonChars = regexp.MustCompile(ReasonPattern)

// Refund is money sent back from a payment. It never changes once made.
type Refund struct {
	ID        string
	PaymentID string
	Amount    money.Money
	Reason    string
	// RequestedBy is the admin's user id, or SystemActor for a refund the context made itself.
	RequestedBy string
	// IdempotencyKey is the request's key, scoped to RequestedBy.
	IdempotencyKey string
	CreatedAt      time.Time
}

// SystemActor requests the refunds no person asked for (an order's cancellation).
const SystemActor = "system"

// RefundRequest asks for a refund of a payment.
type RefundRequest struct {
	ID             string
	Amount         *money.Money // nil: everything that is left
	Reason         string
	RequestedBy    string
	IdempotencyKey string
}

// Refund takes req's amount back from the payment and returns the refund to store. A bad amount
// or reason is a 422 whatever the payment's state; then a payment that failed or is already
// refunded in full is not refundable, and an amount above what is left exceeds the payment.
func (p *Payment) Refund(req RefundRequest, now time.Time) (Refund, error) {
	reason, reasonErr := NewRefundReason(req.Reason)
	amount, amountErr := p.refundAmount(req.Amount)
	if err := joinInvalid(reasonErr, amountErr); err != nil {
		return Refund{}, err
	}
	if !p.Refundable() {
		return Refund{}, ErrPaymentNotRefundable()
	}
	if amount.Amount > p.Remaining().Amount {
		return Refund{}, ErrRefundExceedsPayment()
	}
	p.RefundedAmount.Amount += amount.Amount
	p.Status = StatusPartiallyRefunded
	if p.FullyRefunded() {
		p.Status = StatusRefunded
	}
	p.Version++
	p.UpdatedAt = now
	return Refund{
		ID: req.ID, PaymentID: p.ID, Amount: amount, Reason: reason,
		RequestedBy: req.RequestedBy, IdempotencyKey: req.IdempotencyKey, CreatedAt: now,
	}, nil
}

// refundAmount is the requested amount, or what is left when none was asked for.
func (p Payment) refundAmount(requested *money.Money) (money.Money, error) {
	if requested == nil {
		return p.Remaining(), nil
	}
	var fields []errs.FieldError
	if requested.Currency != p.Amount.Currency {
		fields = append(fields, errs.Field("amount.currency", errs.FieldInvalid, "the refund must be in the payment's currency, "+p.Amount.Currency))
	}
	if requested.Amount < MinRefundAmount {
		fields = append(fields, errs.Field("amount.amount", errs.FieldOutOfRange, "the refund must be more than zero"))
	}
	if len(fields) > 0 {
		return money.Money{}, errs.Validation(fields...)
	}
	return *requested, nil
}

// NewRefundReason trims raw and checks it is at most 500 code points of valid UTF-8 without
// control characters other than line breaks and tabs, which would corrupt logs and reports.
// An empty reason is allowed: the contract makes it optional.
func NewRefundReason(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	switch {
	case !utf8.ValidString(s):
		return "", reasonError(errs.FieldInvalidUTF8, "the reason is not valid UTF-8")
	case utf8.RuneCountInString(s) > MaxReasonRunes:
		return "", reasonError(errs.FieldTooLong, "the reason must be at most 500 characters")
	case !reasonChars.MatchString(s):
		return "", reasonError(errs.FieldInvalid, "the reason must not contain control characters")
	}
	return s, nil
}

func reasonError(code, message string) error {
	return errs.Validation(errs.Field("reason", code, message))
}

// joinInvalid merges 422s into one, so a client learns about every bad field at once.
func joinInvalid(checks ...error) error {
	var fields []errs.FieldError
	for _, err := range checks {
		if e, ok := errs.As(err); ok {
			fields = append(fields, e.Fields...)
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return errs.Validation(fields...)
}
