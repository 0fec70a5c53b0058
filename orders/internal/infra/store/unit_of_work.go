package store

import (
	"github.com/modmono/orders/internal/application"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/outbox"
)

// NewUnitOfWork runs each unit in one transaction on the write engine, with the context's
// repositories bound to it (outbox.UnitOfWork); afterEvents is the relay's Notify, or nil. On
// PostgreSQL the units share a copy of the products orders are priced from (pricedProducts),
// which saves a placed order its catalogue read; SQLite reads the catalogue in the order's own
// transaction, in process, and keeps no copy.
func NewUnitOfWork(e *db.Engines, afterEvents func()) application.UnitOfWork {
	var priced *pricedProducts
	if e.Write.Dialect() == db.Postgres {
		priced = newPricedProducts()
	}
	return outbox.NewUnitOfWork(e, afterEvents, func(tx db.Conn, events *outbox.TxOutbox) application.Repositories {
		return repositories{conn: tx, outbox: events, priced: priced}
	})
}

// repositories binds every repository of the context to one transaction.
type repositories struct {
	conn   db.Conn
	outbox *outbox.TxOutbox
	priced *pricedProducts
}

func (r repositories) Products() application.Products {
	return products{conn: r.conn, priced: r.priced}
}

func (r repositories) Orders() application.Orders {
	return orders{conn: r.conn, outbox: r.outbox, priced: r.priced}
}

func (r repositories) Outbox() application.Outbox { return r.outbox }
func (r repositories) Inbox() application.Inbox   { return outbox.TxInbox{Conn: r.conn} }
