// Package inproc is the in-process implementation of the orders contract: other contexts in the
// same binary call orders' use cases through it as they would call a remote orders service.
package inproc

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/modmono/orders/contract"
	"github.com/modmono/orders/internal/application"
	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/authn"
	"github.com/modmono/platform/db"
	"github.com/modmono/platform/errs"
)

// New returns contract.Orders backed by app. Every request and response goes through JSON on
// the way, as it would over the network, so a caller can never come to depend on sharing
// memory with orders, nor on a value that would not survive serialisation.
func New(app *application.Application) contract.Orders {
	return orders{app: app}
}

type orders struct {
	app *application.Application
}

func (o orders) OrderForPayment(ctx context.Context, req contract.OrderForPaymentRequest) (contract.OrderForPayment, error) {
	in, err := clone(req)
	if err != nil {
		return contract.OrderForPayment{}, err
	}
	// No customer means an admin asks: the contract's way of saying "no owner check".
	actor := authn.Principal{UserID: in.CustomerID}
	if in.CustomerID == "" {
		actor.Roles = []string{authn.RoleAdmin}
	}
	// Payments charges on this answer: it must be the order as it is now, never a replica's past.
	v, err := o.app.Queries.GetOrder.Handle(db.OnPrimary(ctx), application.GetOrder{Actor: actor, ID: in.OrderID})
	if err != nil {
		return contract.OrderForPayment{}, contractError(err)
	}
	return clone(contract.OrderForPayment{ID: v.ID, CustomerID: v.CustomerID, Status: contract.Status(v.Status), Total: v.Total})
}

// clone copies v through JSON.
func clone[T any](v T) (T, error) {
	var out T
	b, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(b, &out)
	}
	if err != nil {
		return out, errs.Internal(fmt.Errorf("orders contract: copy %T: %w", v, err))
	}
	return out, nil
}

// contractError turns orders' errors into the contract's: a missing order is the contract's
// own error (so errors.Is(err, contract.ErrOrderNotFound) holds), and any other *errs.Error is
// a fresh copy, as a remote call would rebuild it from the answer.
func contractError(err error) error {
	e, ok := errs.As(err)
	switch {
	case !ok:
		return fmt.Errorf("orders contract: %w", err)
	case e.Code == domain.CodeOrderNotFound:
		return contract.OrderNotFound()
	}
	c := *e
	c.Fields = slices.Clone(e.Fields)
	return &c
}
