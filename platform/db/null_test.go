package db_test

import (
	"database/sql"
	"testing"

	"github.com/modmono/platform/db"
)

func TestNullStringBindsOnlyTheEmptyStringAsNull(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]sql.NullString{
		"":    {},
		"tok": {String: "tok", Valid: true},
		" ":   {String: " ", Valid: true},
	} {
		if got := db.NullString(in); got != want {
			t.Errorf("NullString(%q) = %+v; want %+v", in, got, want)
		}
	}
}
