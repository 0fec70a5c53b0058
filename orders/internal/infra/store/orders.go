package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/outbox"
)

// orders is the write-side repository of orders, bound to one unit of work.
type orders struct {
	conn   db.Conn
	outbox *outbox.TxOutbox // the unit's: Add stores an order's events with it
	priced *pricedProducts  // the copy the order may have been priced from (products.ByIDs)
}

// itemRow is one item as orders.insert_items unpacks it from JSON.
type itemRow struct {
	Position          int    `json:"position"`
	ProductID         string `json:"product_id"`
	SKU               string `json:"sku"`
	Name              string `json:"name"`
	Quantity          int    `json:"quantity"`
	UnitPriceAmount   int64  `json:"unit_price_amount"`
	UnitPriceCurrency string `json:"unit_price_currency"`
	LineTotalAmount   int64  `json:"line_total_amount"`
	LineTotalCurrency string `json:"line_total_currency"`
}

func (r orders) Add(ctx context.Context, o domain.Order, events ...outbox.Event) (bool, error) {
	rows := make([]itemRow, len(o.Items))
	for i, it := range o.Items {
		rows[i] = itemRow{Position: i, ProductID: it.ProductID, SKU: it.SKU, Name: it.Name, Quantity: it.Quantity,
			UnitPriceAmount: it.UnitPrice.Amount, UnitPriceCurrency: it.UnitPrice.Currency,
			LineTotalAmount: it.LineTotal.Amount, LineTotalCurrency: it.LineTotal.Currency}
	}
	items, err := jsonArg(rows)
	if err != nil {
		return false, err
	}
	args := db.Args{
		"id": o.ID, "customer_id": o.CustomerID, "status": string(o.Status),
		"total_amount": o.Total.Amount, "total_currency": o.Total.Currency, "version": o.Version,
		"idempotency_key": db.NullString(o.IdempotencyKey), "created_at": o.CreatedAt, "updated_at": o.UpdatedAt,
		"items": items,
	}
	if r.conn.Dialect() == db.Postgres {
		// One statement for the order, its items and its events: atomic without a transaction.
		if args["events"], err = r.outbox.Rows(events...); err != nil {
			return false, err
		}
		// Exec, not a row to scan: its answer is the server's even when the deadline passes
		// meanwhile (see db.Engine.Autocommit). One row means the order was stored.
		n, err := queries.Exec(ctx, r.conn, "orders.place", args)
		if err != nil {
			return false, fmt.Errorf("store new order %s: %w", o.ID, err)
		}
		return r.stored(o, n == 1), nil
	}
	n, err := queries.Exec(ctx, r.conn, "orders.insert", args)
	if err != nil || n == 0 {
		return r.stored(o, false), wrap(err, "store new order %s", o.ID)
	}
	if _, err := queries.Exec(ctx, r.conn, "orders.insert_items", db.Args{"order_id": o.ID, "items": items}); err != nil {
		return false, fmt.Errorf("store the items of order %s: %w", o.ID, err)
	}
	return true, r.outbox.Append(ctx, events...)
}

// stored passes on whether o was stored. When it was not, an item may no longer match its
// product (Add's statement checks them): the copies o was priced from are forgotten, so that
// pricing it again reads them from the database.
func (r orders) stored(o domain.Order, stored bool) bool {
	if !stored {
		for _, it := range o.Items {
			r.priced.forget(it.ProductID)
		}
	}
	return stored
}

func (r orders) ByID(ctx context.Context, id string) (domain.Order, error) {
	id, ok := ids.Canonical(id)
	if !ok {
		return domain.Order{}, domain.ErrOrderNotFound()
	}
	return r.load(ctx, "orders.get_by_id", db.Args{"id": id})
}

func (r orders) ByIdempotencyKey(ctx context.Context, customerID, key string) (domain.Order, error) {
	return r.load(ctx, "orders.get_by_idempotency_key", db.Args{"customer_id": customerID, "idempotency_key": key})
}

// load reads the one order the query selects, ORDER_NOT_FOUND when there is none.
func (r orders) load(ctx context.Context, query string, args db.Args) (domain.Order, error) {
	rows, err := queries.Query(ctx, r.conn, query, args)
	if err != nil {
		return domain.Order{}, fmt.Errorf("load order: %w", err)
	}
	defer rows.Close()
	var o domain.Order
	for rows.Next() {
		if err := scanOrderRow(rows, &o); err != nil {
			return domain.Order{}, fmt.Errorf("load order: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return domain.Order{}, fmt.Errorf("load order: %w", err)
	}
	if o.ID == "" {
		return domain.Order{}, domain.ErrOrderNotFound()
	}
	return o, nil
}

func (r orders) Update(ctx context.Context, o domain.Order) (bool, error) {
	n, err := queries.Exec(ctx, r.conn, "orders.update", db.Args{
		"id": o.ID, "version": o.Version, "status": string(o.Status),
		"payment_id": db.NullString(o.PaymentID),
		"paid_at":    o.PaidAt, "updated_at": o.UpdatedAt,
	})
	if err != nil {
		return false, fmt.Errorf("update order %s: %w", o.ID, err)
	}
	return n == 1, nil
}

// scanOrderRow reads one row of orders.get_by_id into o: the order's columns the first time,
// and one item every time.
func scanOrderRow(row db.Scanner, o *domain.Order) error {
	var (
		head           domain.Order
		paymentID, key sql.NullString
		paidAt         sql.NullTime
		it             domain.Item
	)
	err := row.Scan(&head.ID, &head.CustomerID, &head.Status, &head.Total.Amount, &head.Total.Currency,
		&paymentID, &paidAt, &key, &head.Version, &head.CreatedAt, &head.UpdatedAt,
		&it.ProductID, &it.SKU, &it.Name, &it.Quantity, &it.UnitPrice.Amount, &it.UnitPrice.Currency,
		&it.LineTotal.Amount, &it.LineTotal.Currency)
	if err != nil {
		return err
	}
	if o.ID == "" {
		*o = head
		o.PaymentID, o.IdempotencyKey = paymentID.String, key.String
		o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
		if paidAt.Valid {
			t := paidAt.Time.UTC()
			o.PaidAt = &t
		}
	}
	o.Items = append(o.Items, it)
	return nil
}

// wrap adds context to a failed statement; nil stays nil.
func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
