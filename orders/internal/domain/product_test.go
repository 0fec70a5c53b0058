package domain_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/modmono/orders/internal/domain"
	"github.com/modmono/platform/errs"
	"github.com/modmono/platform/money"
)

func TestNewProductValidatesEveryField(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, sku, pname string
		price            money.Money
		want             []string
	}{
		{"valid", "SKU-1_a.b", " Mug ", eur(1999), nil},
		{"everything missing", "", "  ", money.Money{}, []string{"sku/required", "name/required", "price.currency/required"}},
		{"sku with a space", "SKU 1", "Mug", eur(1), []string{"sku/invalid"}},
		{"sku not ASCII", "SKÜ", "Mug", eur(1), []string{"sku/invalid"}},
		{"sku too long", strings.Repeat("A", 65), "Mug", eur(1), []string{"sku/too_long"}},
		{"name too long", "A", strings.Repeat("é", 201), eur(1), []string{"name/too_long"}},
		{"name with a control character", "A", "Mu\x00g", eur(1), []string{"name/invalid"}},
		{"name not UTF-8", "A", "Mu\xffg", eur(1), []string{"name/invalid_utf8"}},
		{"unknown currency", "A", "Mug", money.Money{Amount: 1, Currency: "EUX"}, []string{"price.currency/invalid_currency"}},
		{"zero price", "A", "Mug", eur(0), []string{"price.amount/out_of_range"}},
		{"negative price", "A", "Mug", eur(-1), []string{"price.amount/out_of_range"}},
		{"price above the cap", "A", "Mug", eur(domain.MaxPriceAmount + 1), []string{"price.amount/out_of_range"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p, err := domain.NewProduct("id", c.sku, c.pname, c.price, true, now)
			if c.want == nil {
				if err != nil || p.Name != strings.TrimSpace(c.pname) || p.SKU != c.sku || !p.Active {
					t.Fatalf("NewProduct = %+v, %v", p, err)
				}
				return
			}
			wantFields(t, err, errs.CodeValidationFailed, c.want...)
		})
	}
}

func TestProductChangeIsAllOrNothing(t *testing.T) {
	t.Parallel()
	p, err := domain.NewProduct("id", "SKU", "Mug", eur(100), true, now)
	if err != nil {
		t.Fatal(err)
	}
	name, bad, inactive := "Cup", money.Money{Amount: 5, Currency: "???"}, false
	if err := p.Change(&name, &bad, &inactive, now.Add(1)); err == nil {
		t.Fatal("want a 422 for the bad price")
	}
	if p.Name != "Mug" || !p.Active || p.UpdatedAt != now {
		t.Fatalf("a failed change altered the product: %+v", p)
	}
	if err := p.Change(nil, nil, nil, now.Add(1)); err != nil || p.UpdatedAt != now {
		t.Fatalf("an empty change = %v and moved updated_at to %s", err, p.UpdatedAt)
	}
	price := eur(250)
	if err := p.Change(&name, &price, &inactive, now.Add(1)); err != nil {
		t.Fatal(err)
	}
	if p.Name != "Cup" || p.Price != price || p.Active || p.SKU != "SKU" || !p.UpdatedAt.Equal(now.Add(1)) {
		t.Fatalf("change not applied: %+v", p)
	}
}

func TestParseStatus(t *testing.T) {
	t.Parallel()
	for _, s := range domain.Statuses {
		if got, err := domain.ParseStatus(string(s), "status"); err != nil || got != s {
			t.Errorf("ParseStatus(%s) = %s, %v", s, got, err)
		}
	}
	for _, raw := range []string{"", "PAID", "shipped", "paid "} {
		_, err := domain.ParseStatus(raw, "status")
		wantFields(t, err, errs.CodeValidationFailed, "status/invalid")
	}
}

// SKUPattern and NamePattern are what the OpenAPI document tells clients: they must refuse
// exactly the characters the rules refuse. Every code point up to U+3000 (every control, space
// and ASCII character is below it) and samples above are tried.
func TestPatternsRefuseExactlyWhatTheRulesRefuse(t *testing.T) {
	t.Parallel()
	runes := []rune{0xFEFF, 0xFFFD, 0x1F600, unicode.MaxRune}
	for r := rune(0); r <= 0x3000; r++ {
		runes = append(runes, r)
	}
	for _, r := range runes {
		if !utf8.ValidRune(r) {
			continue
		}
		skuOK := r <= unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_.", r))
		if err := domain.ValidateSKU("a" + string(r) + "b"); (err == nil) != skuOK {
			t.Errorf("ValidateSKU(a%qb) = %v, want accepted=%t", r, err, skuOK)
		}
		if err := domain.ValidateName("a" + string(r) + "b"); (err == nil) != !unicode.IsControl(r) {
			t.Errorf("ValidateName(a%qb) = %v, want accepted=%t", r, err, !unicode.IsControl(r))
		}
	}
}
