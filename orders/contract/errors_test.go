package contract_test

import (
	"errors"
	"testing"

	"github.com/modmono/orders/contract"
	"github.com/modmono/platform/errs"
)

func TestOrderNotFoundIsA404WithItsSentinel(t *testing.T) {
	t.Parallel()
	err := contract.OrderNotFound()
	e, ok := errs.As(err)
	if !errors.Is(err, contract.ErrOrderNotFound) || !ok || e.Kind != errs.KindNotFound || e.Code != "ORDER_NOT_FOUND" {
		t.Fatalf("OrderNotFound() = %#v; want a 404 ORDER_NOT_FOUND wrapping ErrOrderNotFound", err)
	}
	if again, _ := errs.As(contract.OrderNotFound()); again == e {
		t.Fatal("OrderNotFound returned a shared value; callers could mutate it")
	}
}
