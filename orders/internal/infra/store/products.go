package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/ids"
)

// products is the write-side repository of the catalogue, bound to one transaction. ByIDs
// answers from priced, the process's copy, where it has one (nil: always the database).
type products struct {
	conn   db.Conn
	priced *pricedProducts
}

func (r products) Add(ctx context.Context, p domain.Product) error {
	_, err := queries.Exec(ctx, r.conn, "products.insert", productArgs(p, db.Args{"sku": p.SKU, "created_at": p.CreatedAt}))
	// The sku is the only unique column a caller controls (ids are fresh UUIDv7s).
	if db.IsUniqueViolation(err) {
		return domain.ErrSKUTaken().WithCause(err)
	}
	if err != nil {
		return fmt.Errorf("store new product %s: %w", p.ID, err)
	}
	return nil
}

func (r products) ByID(ctx context.Context, id string) (domain.Product, error) {
	id, ok := ids.Canonical(id)
	if !ok {
		return domain.Product{}, domain.ErrProductNotFound()
	}
	p, err := scanProduct(queries.QueryRow(ctx, r.conn, "products.get_by_id", db.Args{"id": id}))
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Product{}, domain.ErrProductNotFound().WithCause(err)
	}
	if err != nil {
		return domain.Product{}, fmt.Errorf("load product: %w", err)
	}
	return p, nil
}

func (r products) ByIDs(ctx context.Context, wanted []string) (map[string]domain.Product, error) {
	valid := make([]string, 0, len(wanted))
	for _, id := range wanted {
		if id, ok := ids.Canonical(id); ok {
			valid = append(valid, id)
		}
	}
	found := make(map[string]domain.Product, len(valid))
	if missing := r.priced.lookup(valid, found); len(missing) > 0 {
		loaded, err := r.load(ctx, missing)
		if err != nil {
			return nil, err
		}
		r.priced.keep(loaded)
		for _, p := range loaded {
			found[p.ID] = p
		}
	}
	// Callers look products up by the ids they were given, which may differ in case.
	for _, id := range wanted {
		if c, ok := ids.Canonical(id); ok && c != id {
			if p, ok := found[c]; ok {
				found[id] = p
			}
		}
	}
	return found, nil
}

// load reads the products among ids (canonical) from the database, in one statement.
func (r products) load(ctx context.Context, ids []string) ([]domain.Product, error) {
	arg, err := jsonArg(ids)
	if err != nil {
		return nil, err
	}
	rows, err := queries.Query(ctx, r.conn, "products.get_by_ids", db.Args{"ids": arg})
	if err != nil {
		return nil, fmt.Errorf("load products: %w", err)
	}
	list, err := db.CollectRows(rows, scanProduct)
	if err != nil {
		return nil, fmt.Errorf("load products: %w", err)
	}
	return list, nil
}

func (r products) Update(ctx context.Context, p domain.Product) error {
	n, err := queries.Exec(ctx, r.conn, "products.update", productArgs(p, db.Args{}))
	if err != nil {
		return fmt.Errorf("update product %s: %w", p.ID, err)
	}
	if n == 0 {
		return domain.ErrProductNotFound()
	}
	r.priced.forget(p.ID)
	return nil
}

// productArgs adds the columns every write stores to args.
func productArgs(p domain.Product, args db.Args) db.Args {
	args["id"], args["name"], args["active"], args["updated_at"] = p.ID, p.Name, p.Active, p.UpdatedAt
	args["price_amount"], args["price_currency"] = p.Price.Amount, p.Price.Currency
	return args
}

func scanProduct(row db.Scanner) (domain.Product, error) {
	var p domain.Product
	err := row.Scan(&p.ID, &p.SKU, &p.Name, &p.Price.Amount, &p.Price.Currency, &p.Active, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return domain.Product{}, err
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, nil
}
