package domain

import "time"

// The status machine:
//
//	pending ──paid──▶ paid ──cancel──▶ cancelled (refund pending) ──refunded──▶ refunded
//	   │                 └──────────────────refunded (admin full refund)────────▶ ▲
//	   └──cancel──▶ cancelled ──(a payment that raced the cancel)──▶ refund, then ─┘
//
// Every method either changes the order and says what the change means for the outside world,
// or leaves it untouched; none ever moves an order back towards pending.

// Cancellation is what a cancel means for payments.
type Cancellation struct {
	// WasPaid: money had been taken when the order was cancelled.
	WasPaid bool
	// RefundRequired: the payment must be refunded in full.
	RefundRequired bool
}

// Cancel moves a pending or paid order to cancelled; a paid one then needs its refund.
// Cancelling a cancelled or refunded order is ErrOrderNotCancellable.
func (o *Order) Cancel(now time.Time) (Cancellation, error) {
	switch o.Status {
	case StatusPending, StatusPaid:
		c := Cancellation{WasPaid: o.IsPaid(), RefundRequired: o.IsPaid()}
		o.Status, o.UpdatedAt = StatusCancelled, now
		return c, nil
	default:
		return Cancellation{}, ErrOrderNotCancellable(o.Status)
	}
}

// PaymentOutcome is what recording a succeeded payment did.
type PaymentOutcome int

const (
	// PaymentIgnored: the order already knew of a payment (a redelivery); nothing changed.
	PaymentIgnored PaymentOutcome = iota
	// PaymentApplied: the pending order is now paid.
	PaymentApplied
	// PaymentNeedsRefund: the order had been cancelled while the payment was under way. It
	// stays cancelled, and the money must go back: the caller announces the cancellation again,
	// this time with a refund required.
	PaymentNeedsRefund
)

// MarkPaid records that paymentID succeeded for the order.
func (o *Order) MarkPaid(paymentID string, now time.Time) PaymentOutcome {
	if o.IsPaid() || (o.Status != StatusPending && o.Status != StatusCancelled) {
		return PaymentIgnored
	}
	paidAt := now
	o.PaymentID, o.PaidAt, o.UpdatedAt = paymentID, &paidAt, now
	if o.Status == StatusCancelled {
		return PaymentNeedsRefund
	}
	o.Status = StatusPaid
	return PaymentApplied
}

// MarkRefunded records that the order's payment was refunded in full: a paid order (an admin's
// refund) or a cancelled one (the automatic refund) becomes refunded. It reports whether
// anything changed; a pending or already refunded order is left as it is.
func (o *Order) MarkRefunded(now time.Time) bool {
	if o.Status != StatusPaid && o.Status != StatusCancelled {
		return false
	}
	o.Status, o.UpdatedAt = StatusRefunded, now
	return true
}
