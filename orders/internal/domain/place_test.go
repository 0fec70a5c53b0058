package domain_test

import (
	"fmt"
	"testing"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/money"
)

func catalogue() map[string]domain.Product {
	return map[string]domain.Product{
		"mug": {ID: "mug", SKU: "MUG", Name: "Mug", Price: eur(1250), Active: true},
		"tea": {ID: "tea", SKU: "TEA", Name: "Tea", Price: eur(399), Active: true},
		"old": {ID: "old", SKU: "OLD", Name: "Old", Price: eur(100), Active: false},
		"yen": {ID: "yen", SKU: "YEN", Name: "Yen", Price: money.Money{Amount: 500, Currency: "JPY"}, Active: true},
		// Above the price cap, to prove the arithmetic is checked even if the cap were lifted.
		"whale":  {ID: "whale", SKU: "W", Name: "W", Price: eur(1 << 62), Active: true},
		"whale2": {ID: "whale2", SKU: "W2", Name: "W2", Price: eur(1 << 62), Active: true},
	}
}

func TestPlaceOrderPricesFromTheCatalogue(t *testing.T) {
	t.Parallel()
	o, err := domain.PlaceOrder("o1", "c1", []domain.Line{{"mug", 2}, {"tea", 1}}, catalogue(), now)
	if err != nil {
		t.Fatal(err)
	}
	want := []domain.Item{
		{ProductID: "mug", SKU: "MUG", Name: "Mug", Quantity: 2, UnitPrice: eur(1250), LineTotal: eur(2500)},
		{ProductID: "tea", SKU: "TEA", Name: "Tea", Quantity: 1, UnitPrice: eur(399), LineTotal: eur(399)},
	}
	if o.Status != domain.StatusPending || o.Total != eur(2899) || o.Version != 1 || len(o.Items) != 2 ||
		o.Items[0] != want[0] || o.Items[1] != want[1] || o.IsPaid() {
		t.Fatalf("PlaceOrder = %+v", o)
	}
}

func TestPlaceOrderRules(t *testing.T) {
	t.Parallel()
	fifty, fiftyOne := make([]domain.Line, 50), make([]domain.Line, 51)
	for i := range fiftyOne {
		id := string(rune('a'+i%26)) + string(rune('a'+i/26))
		if i < 50 {
			fifty[i] = domain.Line{ProductID: id, Quantity: 1}
		}
		fiftyOne[i] = domain.Line{ProductID: id, Quantity: 1}
	}
	big := catalogue()
	for _, l := range fiftyOne {
		big[l.ProductID] = domain.Product{ID: l.ProductID, Price: eur(1), Active: true}
	}
	// Ten lines of 1000 at the highest price: 10^16 minor units, past 2^53 on the tenth.
	var capped []domain.Line
	for i := range 10 {
		id := fmt.Sprintf("cap%d", i)
		big[id] = domain.Product{ID: id, Price: eur(domain.MaxPriceAmount), Active: true}
		capped = append(capped, domain.Line{ProductID: id, Quantity: domain.MaxQuantity})
	}
	cases := []struct {
		name  string
		lines []domain.Line
		cat   map[string]domain.Product
		code  string
		want  []string
	}{
		{"no items", nil, catalogue(), errs.CodeValidationFailed, []string{"items/required"}},
		{"51 items", fiftyOne, big, errs.CodeValidationFailed, []string{"items/too_long"}},
		{"quantity 0 and 1001", []domain.Line{{"mug", 0}, {"tea", 1001}}, catalogue(), errs.CodeValidationFailed,
			[]string{"items[0].quantity/out_of_range", "items[1].quantity/out_of_range"}},
		{"unknown and inactive products", []domain.Line{{"nope", 1}, {"old", 1}}, catalogue(), errs.CodeValidationFailed,
			[]string{"items[0].product_id/unknown_product", "items[1].product_id/unknown_product"}},
		{"a product twice", []domain.Line{{"mug", 1}, {"tea", 1}, {"mug", 3}}, catalogue(), errs.CodeValidationFailed,
			[]string{"items[2].product_id/duplicate_product"}},
		{"two currencies", []domain.Line{{"mug", 1}, {"yen", 1}}, catalogue(), domain.CodeCurrencyMismatch,
			[]string{"items[1].product_id/currency_mismatch"}},
		{"a line total beyond 2^53", []domain.Line{{"whale", 1}, {"whale2", 1}}, catalogue(), errs.CodeValidationFailed,
			[]string{"items[0].quantity/out_of_range"}},
		{"a total beyond 2^53 at capped prices", capped, big, errs.CodeValidationFailed,
			[]string{"items[9].quantity/out_of_range"}},
		{"a line total beyond int64", []domain.Line{{"whale", 2}}, catalogue(), errs.CodeValidationFailed,
			[]string{"items[0].quantity/out_of_range"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := domain.PlaceOrder("o1", "c1", c.lines, c.cat, now)
			wantFields(t, err, c.code, c.want...)
		})
	}
	if _, err := domain.PlaceOrder("o1", "c1", fifty, big, now); err != nil {
		t.Fatalf("50 items: %v", err)
	}
}
