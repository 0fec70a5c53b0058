package httpapi

// Request bodies. Fields are pointers so that an absent member (or null) is told apart from a
// zero value and reported as required; strict binding rejects every member not listed here, so
// a body cannot set the amount, the customer or the status of a payment.

type PayOrderRequest struct {
	OrderID       *string               `json:"order_id"`
	PaymentMethod *PaymentMethodRequest `json:"payment_method"`
}

type PaymentMethodRequest struct {
	Type  *string `json:"type"`
	Token *string `json:"token"`
}

// RefundRequest is an admin's refund: without an amount, everything that is left.
type RefundRequest struct {
	Amount *MoneyRequest `json:"amount,omitempty"`
	Reason *string       `json:"reason,omitempty"`
}

// MoneyRequest is Money as a request sends it; both members are required once amount is sent.
type MoneyRequest struct {
	Amount   *int64  `json:"amount"`
	Currency *string `json:"currency"`
}
