package apiclient

import (
	"encoding/json"
	"fmt"
	"time"
)

// Money is an amount in minor units of a currency.
type Money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

func (m Money) String() string {
	sign := ""
	a := m.Amount
	if a < 0 {
		sign, a = "-", -a
	}
	return fmt.Sprintf("%s%d.%02d %s", sign, a/100, a%100, m.Currency)
}

// Page is one page of a list.
type Page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// Next is the cursor of the following page, "" on the last.
func (p Page[T]) Next() string {
	if p.NextCursor == nil {
		return ""
	}
	return *p.NextCursor
}

// TokenPair is the answer of login and refresh.
type TokenPair struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
}

// User is an account.
type User struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	FullName  string    `json:"full_name"`
	Roles     []string  `json:"roles"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

// HasRole reports whether the user holds role.
func (u User) HasRole(role string) bool {
	for _, r := range u.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// Product is a catalogue entry.
type Product struct {
	ID        string    `json:"id"`
	SKU       string    `json:"sku"`
	Name      string    `json:"name"`
	Price     Money     `json:"price"`
	Active    bool      `json:"active"`
	UpdatedAt time.Time `json:"updated_at"`
}

// OrderItem is one line of an order.
type OrderItem struct {
	ProductID string `json:"product_id"`
	SKU       string `json:"sku"`
	Name      string `json:"name"`
	Quantity  int    `json:"quantity"`
	UnitPrice Money  `json:"unit_price"`
	LineTotal Money  `json:"line_total"`
}

// Order is a customer's order.
type Order struct {
	ID         string      `json:"id"`
	CustomerID string      `json:"customer_id"`
	Status     string      `json:"status"`
	Items      []OrderItem `json:"items"`
	Total      Money       `json:"total"`
	CreatedAt  time.Time   `json:"created_at"`
}

// Payment is a charge of an order.
type Payment struct {
	ID             string    `json:"id"`
	OrderID        string    `json:"order_id"`
	CustomerID     string    `json:"customer_id"`
	Amount         Money     `json:"amount"`
	Status         string    `json:"status"`
	FailureCode    *string   `json:"failure_code"`
	RefundedAmount Money     `json:"refunded_amount"`
	CreatedAt      time.Time `json:"created_at"`
}

// OrderStatuses are the states an order can be in, for filters.
var OrderStatuses = []string{"pending", "paid", "cancelled", "refunded"}

// ParkedEvent is an event a context's outbox relay stopped trying to publish.
type ParkedEvent struct {
	ID          string          `json:"id"`
	Type        string          `json:"type"`
	Version     int             `json:"version"`
	OccurredAt  time.Time       `json:"occurred_at"`
	AggregateID string          `json:"aggregate_id"`
	Payload     json.RawMessage `json:"payload"`
	Attempts    int             `json:"attempts"`
	LastError   string          `json:"last_error"`
	ParkedAt    time.Time       `json:"parked_at"`
	Subscriber  string          `json:"subscriber"`
}

// Key is one generation of a key kept in the database (GET /api/v1/admin/keys), never its secret.
type Key struct {
	Purpose    string    `json:"purpose"`
	Generation int       `json:"generation"`
	CreatedAt  time.Time `json:"created_at"`
	SignsFrom  time.Time `json:"signs_from"`
	State      string    `json:"state"`
}

// Keys is the answer of the key routes.
type Keys struct {
	Keys []Key `json:"keys"`
}
