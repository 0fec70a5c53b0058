package store

import (
	"context"

	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/cache"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/ids"
	"github.com/modmono/platform/page"
)

// catalogue is the cache namespace of the public catalogue: every product change invalidates
// all of it (products change rarely; reads are the hot path).
const catalogue = "orders:catalogue"

// NewCachedProductReadModel answers the public catalogue (a product by id, the first page of
// the products on sale at the default limit) from c, and everything else as
// NewProductReadModel does; without a cache it is NewProductReadModel. Misses are filled from
// the write engine (the primary), never from a replica: a replica that has not replayed the
// commit that invalidated an entry would put the old data back under the new generation.
func NewCachedProductReadModel(e *db.Engines, c *cache.Cache) application.ProductReadModel {
	reads := NewProductReadModel(e)
	if c == nil {
		return reads
	}
	return cachedProducts{reads: reads, primary: productViews{read: fillEngine(e)}, cache: c}
}

// fillEngine is the primary on PostgreSQL; SQLite has no replicas, and its read connections
// see every commit without queueing behind the single writer.
func fillEngine(e *db.Engines) *db.Engine {
	if e.Write.Dialect() == db.SQLite {
		return e.Read
	}
	return e.Write
}

type cachedProducts struct {
	reads   application.ProductReadModel
	primary productViews
	cache   *cache.Cache
}

func (m cachedProducts) ProductByID(ctx context.Context, id string) (application.ProductView, error) {
	canonical, ok := ids.Canonical(id)
	if !ok { // not a product id: answered without the database, nothing to keep
		return m.reads.ProductByID(ctx, id)
	}
	return cache.Get(ctx, m.cache, cache.Query[application.ProductView]{
		Namespace: catalogue,
		Key:       "product:" + canonical,
		Load: func(ctx context.Context) (application.ProductView, error) {
			return m.primary.ProductByID(ctx, canonical)
		},
		IsNotFound: isProductNotFound,
		NotFound:   func() error { return domain.ErrProductNotFound() },
	})
}

func (m cachedProducts) ListProducts(ctx context.Context, includeInactive bool, req page.Request) ([]application.ProductView, error) {
	if includeInactive || req.After != "" || req.Limit != page.DefaultLimit {
		return m.reads.ListProducts(ctx, includeInactive, req)
	}
	return cache.Get(ctx, m.cache, cache.Query[[]application.ProductView]{
		Namespace: catalogue,
		Key:       "list:on-sale:first",
		Load: func(ctx context.Context) ([]application.ProductView, error) {
			return m.primary.ListProducts(ctx, false, req)
		},
	})
}

func isProductNotFound(err error) bool {
	return errs.HasCode(err, domain.CodeProductNotFound)
}

// InvalidateCatalogue invalidates the cached catalogue after each unit of work that added or
// changed a product, once it has committed, before the command answers: the admin, and anyone
// after, reads the change back at once on any replica. Without a cache it is uow.
func InvalidateCatalogue(uow application.UnitOfWork, c *cache.Cache) application.UnitOfWork {
	if c == nil {
		return uow
	}
	return invalidatingUnitOfWork{inner: uow, cache: c}
}

type invalidatingUnitOfWork struct {
	inner application.UnitOfWork
	cache *cache.Cache
}

func (u invalidatingUnitOfWork) Do(ctx context.Context, fn func(ctx context.Context, repos application.Repositories) error) error {
	var changed bool
	err := u.inner.Do(ctx, func(ctx context.Context, r application.Repositories) error {
		return fn(ctx, watchedRepositories{Repositories: r, changed: &changed})
	})
	if err == nil && changed {
		u.cache.Invalidate(ctx, catalogue)
	}
	return err
}

func (u invalidatingUnitOfWork) DoAutocommit(ctx context.Context, fn func(ctx context.Context, repos application.Repositories) error) error {
	var changed bool
	err := u.inner.DoAutocommit(ctx, func(ctx context.Context, r application.Repositories) error {
		return fn(ctx, watchedRepositories{Repositories: r, changed: &changed})
	})
	if err == nil && changed {
		u.cache.Invalidate(ctx, catalogue)
	}
	return err
}

// watchedRepositories notes whether the unit writes a product.
type watchedRepositories struct {
	application.Repositories
	changed *bool
}

func (r watchedRepositories) Products() application.Products {
	return watchedProducts{Products: r.Repositories.Products(), changed: r.changed}
}

type watchedProducts struct {
	application.Products
	changed *bool
}

func (p watchedProducts) Add(ctx context.Context, product domain.Product) error {
	*p.changed = true
	return p.Products.Add(ctx, product)
}

func (p watchedProducts) Update(ctx context.Context, product domain.Product) error {
	*p.changed = true
	return p.Products.Update(ctx, product)
}
