package application

import (
	"time"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/money"
)

// ProductView is the API's Product.
type ProductView struct {
	ID        string      `json:"id"`
	SKU       string      `json:"sku"`
	Name      string      `json:"name"`
	Price     money.Money `json:"price"`
	Active    bool        `json:"active"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
}

// OrderView is the API's Order.
type OrderView struct {
	ID         string          `json:"id"`
	CustomerID string          `json:"customer_id"`
	Status     string          `json:"status"`
	Items      []OrderItemView `json:"items"`
	Total      money.Money     `json:"total"`
	CreatedAt  time.Time       `json:"created_at"`
	UpdatedAt  time.Time       `json:"updated_at"`
}

// OrderItemView is one line of an Order, at the prices it was placed at.
type OrderItemView struct {
	ProductID string      `json:"product_id"`
	SKU       string      `json:"sku"`
	Name      string      `json:"name"`
	Quantity  int         `json:"quantity"`
	UnitPrice money.Money `json:"unit_price"`
	LineTotal money.Money `json:"line_total"`
}

// productViewOf and orderViewOf shape what a command just wrote the way queries show it, so a
// command's answer needs no second read.
func productViewOf(p domain.Product) ProductView {
	return ProductView{ID: p.ID, SKU: p.SKU, Name: p.Name, Price: p.Price, Active: p.Active,
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

func orderViewOf(o domain.Order) OrderView {
	items := make([]OrderItemView, len(o.Items))
	for i, it := range o.Items {
		items[i] = OrderItemView{ProductID: it.ProductID, SKU: it.SKU, Name: it.Name, Quantity: it.Quantity,
			UnitPrice: it.UnitPrice, LineTotal: it.LineTotal}
	}
	return OrderView{ID: o.ID, CustomerID: o.CustomerID, Status: string(o.Status), Items: items, Total: o.Total,
		CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
}
