package gateway_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// contract is what docs/API.md promises, read from its text.
type contract struct {
	rows []contractRow
	// mentioned are the operations named anywhere ("`GET /healthz`").
	mentioned []string
	// statusOf pairs a code with the status it is written beside ("409 `EMAIL_TAKEN`").
	statusOf map[string]string
	// codes are those of the tables, of such pairs, and of the conventions.
	codes []string
	// keyRequired and keyOptional are the operations of the Idempotency-Key section.
	keyRequired, keyOptional []string
}

// contractRow is one row of an endpoint table.
type contractRow struct {
	key, who string
	statuses []string          // every status in the success and errors cells
	pairs    map[string]string // code → status, as written in the errors cell
	codes    []string
}

var (
	rowStart  = regexp.MustCompile(`^\| ((?:GET|POST|PUT|PATCH|DELETE) /\S*) \|`)
	opRef     = regexp.MustCompile("`((?:GET|POST|PUT|PATCH|DELETE) /[^`\\s]*)`")
	codeRef   = regexp.MustCompile("`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)`")
	pairRef   = regexp.MustCompile("\\b([1-5]\\d\\d) `([A-Z][A-Z0-9_]*)`")
	statusRef = regexp.MustCompile(`\b[1-5]\d\d\b`)
)

func readContract(t *testing.T) contract {
	t.Helper()
	path := filepath.Join("..", "docs", "API.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the contract is read from %s: %v", path, err)
	}
	c := contract{statusOf: map[string]string{}}
	for section := range strings.SplitSeq(string(b), "\n## ") {
		// Sentences wrap: pairs and lists are read from the section as one line.
		flat := strings.Join(strings.Fields(section), " ")
		for _, m := range opRef.FindAllStringSubmatch(flat, -1) {
			c.mentioned = append(c.mentioned, m[1])
		}
		for _, m := range pairRef.FindAllStringSubmatch(flat, -1) {
			c.statusOf[m[2]] = m[1]
			c.codes = append(c.codes, m[2])
		}
		if strings.HasPrefix(section, "Conventions") || strings.HasPrefix(section, "Idempotency") {
			for _, m := range codeRef.FindAllStringSubmatch(flat, -1) {
				c.codes = append(c.codes, m[1])
			}
		}
		if _, rest, ok := strings.Cut(flat, "Required on "); ok {
			required, optional, _ := strings.Cut(rest, "optional on")
			optional, _, _ = strings.Cut(optional, ". ")
			c.keyRequired, c.keyOptional = opsIn(required), opsIn(optional)
		}
		for line := range strings.SplitSeq(section, "\n") {
			if m := rowStart.FindStringSubmatch(line); m != nil {
				row := parseRow(m[1], strings.Split(line, "|"))
				c.rows = append(c.rows, row)
				c.codes = append(c.codes, row.codes...)
			}
		}
	}
	slices.Sort(c.codes)
	c.codes = slices.Compact(c.codes)
	if len(c.rows) < 20 || len(c.keyRequired) != 2 || len(c.keyOptional) != 1 {
		t.Fatalf("API.md read as %d table rows, %d and %d Idempotency-Key operations: has its layout changed?",
			len(c.rows), len(c.keyRequired), len(c.keyOptional))
	}
	return c
}

// parseRow reads the cells | method, path | who | body | success | errors |.
func parseRow(key string, cells []string) contractRow {
	row := contractRow{key: key, who: strings.TrimSpace(cells[2]), pairs: map[string]string{}}
	outcome := cells[4] + "|" + cells[5]
	row.statuses = statusRef.FindAllString(outcome, -1)
	for _, m := range pairRef.FindAllStringSubmatch(cells[5], -1) {
		row.pairs[m[2]] = m[1]
	}
	for _, m := range codeRef.FindAllStringSubmatch(cells[5], -1) {
		row.codes = append(row.codes, m[1])
	}
	return row
}

func opsIn(text string) []string {
	var ops []string
	for _, m := range opRef.FindAllStringSubmatch(text, -1) {
		ops = append(ops, m[1])
	}
	return ops
}

// access is the x-access a table's "who" cell means: owners and "self" are users whose
// ownership the handler checks.
func access(who string) string {
	switch {
	case strings.HasPrefix(who, "public"):
		return "public"
	case who == "admin":
		return "admin"
	}
	return "user"
}

func checkContract(t *testing.T, doc apiDoc, c contract) {
	t.Helper()
	ops := doc.ops()
	served := func(key string) (apiOp, bool) {
		op, found := ops[key]
		if issue, pending := pendingInContract[key]; pending {
			if found {
				t.Errorf("%s is served now: remove it from pendingInContract (%s)", key, issue)
			}
			return op, false
		}
		if !found {
			t.Errorf("API.md names %s; the document lacks it", key)
		}
		return op, found
	}
	for _, key := range c.mentioned {
		served(key)
	}
	for _, row := range c.rows {
		op, found := served(row.key)
		if !found {
			continue
		}
		if want := access(row.who); op.Access != want {
			t.Errorf("%s: x-access %q, want %q (API.md: %q)", row.key, op.Access, want, row.who)
		}
		for _, s := range row.statuses {
			if _, found := op.Responses[s]; !found {
				t.Errorf("%s: API.md names status %s; the document lists %v", row.key, s, keys(op.Responses))
			}
		}
		for _, code := range row.codes {
			if got := op.statusOf(code); got == "" || (row.pairs[code] != "" && got != row.pairs[code]) {
				t.Errorf("%s: code %s documented under status %q, API.md says %q", row.key, code, got, row.pairs[code])
			}
		}
	}
	checkCodes(t, doc, c)
	checkIdempotencyKeys(t, ops, c)
}

// checkCodes: every code of the contract is documented, and always with the status API.md
// writes beside it.
func checkCodes(t *testing.T, doc apiDoc, c contract) {
	t.Helper()
	ops := doc.ops()
	for _, code := range c.codes {
		listed := false
		for key, op := range ops {
			got := op.statusOf(code)
			listed = listed || got != ""
			if want := c.statusOf[code]; got != "" && want != "" && got != want {
				t.Errorf("%s: %s documented under %s, API.md says %s", key, code, got, want)
			}
		}
		if !listed && !strings.Contains(doc.Info.Description, code) {
			t.Errorf("API.md names %s; no operation lists it, nor does the description", code)
		}
	}
}

func checkIdempotencyKeys(t *testing.T, ops map[string]apiOp, c contract) {
	t.Helper()
	for key, op := range ops {
		present, required := op.keyHeader()
		want := "absent"
		switch {
		case slices.Contains(c.keyRequired, key):
			want = "required"
		case slices.Contains(c.keyOptional, key):
			want = "optional"
		}
		got := map[bool]string{true: "optional", false: "absent"}[present]
		if required {
			got = "required"
		}
		if got != want {
			t.Errorf("%s: Idempotency-Key header %s, API.md: %s", key, got, want)
		}
	}
}

func keys[V any](m map[string]V) []string {
	return slices.Sorted(func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	})
}
