package store

import (
	"sync"

	"github.com/modmono/orders/internal/domain"
)

// maxPricedProducts bounds pricedProducts: past it, the copy starts again empty and refills with
// the products orders name (a few megabytes at most).
const maxPricedProducts = 10_000

// pricedProducts is the process's copy of the products orders are priced from, so that placing
// an order on PostgreSQL is one statement instead of a catalogue read and then the write (the
// catalogue read was a quarter of the gateway's CPU per order, and a round trip).
//
// The copy may be behind the database: another replica or process changed a product, or a
// change raced a refill. That never prices an order wrongly: the statement that stores an order
// stores it only if every item still matches its product (orders.place), and when it does not,
// Add forgets those products, so that pricing again reads them afresh. A change made here
// forgets its product at once; one made elsewhere costs the next order that names it one retry.
type pricedProducts struct {
	mu   sync.RWMutex
	byID map[string]domain.Product // by canonical id
}

func newPricedProducts() *pricedProducts {
	return &pricedProducts{byID: make(map[string]domain.Product)}
}

// lookup adds the copies it has of ids (canonical) to found and returns the ids it has not.
// A nil copy has none.
func (c *pricedProducts) lookup(ids []string, found map[string]domain.Product) (missing []string) {
	if c == nil {
		return ids
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, id := range ids {
		if p, ok := c.byID[id]; ok {
			found[id] = p
		} else {
			missing = append(missing, id)
		}
	}
	return missing
}

// keep copies products just read from the database.
func (c *pricedProducts) keep(products []domain.Product) {
	if c == nil || len(products) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.byID)+len(products) > maxPricedProducts {
		clear(c.byID)
	}
	for _, p := range products {
		c.byID[p.ID] = p
	}
}

// forget drops the copies of ids, so that the next lookup reads them from the database.
func (c *pricedProducts) forget(ids ...string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range ids {
		delete(c.byID, id)
	}
}
