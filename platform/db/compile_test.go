package db

import (
	"reflect"
	"strings"
	"testing"
)

func TestCompileRewritesNamedParameters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		src        string
		postgres   string
		sqlite     string
		wantParams []string
	}{
		{"one parameter", "SELECT * FROM users WHERE id = :id",
			"SELECT * FROM users WHERE id = $1", "SELECT * FROM users WHERE id = ?1", []string{"id"}},
		{"repeated parameter keeps its number", "SELECT :a + :b + :a",
			"SELECT $1 + $2 + $1", "SELECT ?1 + ?2 + ?1", []string{"a", "b"}},
		{"cast after a parameter", "SELECT :v::int, x::text",
			"SELECT $1::int, x::text", "SELECT ?1::int, x::text", []string{"v"}},
		{"names with digits and underscores", "VALUES (:user_id2, :_x)",
			"VALUES ($1, $2)", "VALUES (?1, ?2)", []string{"user_id2", "_x"}},
		{"single-quoted text untouched", "SELECT ':no', 'it''s :no', :yes",
			"SELECT ':no', 'it''s :no', $1", "SELECT ':no', 'it''s :no', ?1", []string{"yes"}},
		{"quoted identifier untouched", `SELECT "a:no", "b"":no" FROM t WHERE x = :yes`,
			`SELECT "a:no", "b"":no" FROM t WHERE x = $1`, `SELECT "a:no", "b"":no" FROM t WHERE x = ?1`, []string{"yes"}},
		{"escape string with backslash quote", `SELECT E'a\' :no', :yes`,
			`SELECT E'a\' :no', $1`, `SELECT E'a\' :no', ?1`, []string{"yes"}},
		{"line comment untouched", "-- :no\nSELECT :yes -- :no",
			"-- :no\nSELECT $1 -- :no", "-- :no\nSELECT ?1 -- :no", []string{"yes"}},
		{"nested block comment untouched", "/* a /* :no */ :no */ SELECT :yes",
			"/* a /* :no */ :no */ SELECT $1", "/* a /* :no */ :no */ SELECT ?1", []string{"yes"}},
		{"dollar quoted bodies untouched", "SELECT $$ :no $$, $tag$ :no $$ $tag$, :yes",
			"SELECT $$ :no $$, $tag$ :no $$ $tag$, $1", "SELECT $$ :no $$, $tag$ :no $$ $tag$, ?1", []string{"yes"}},
		{"positional and dollar in names left alone", "SELECT $1, a$b$ FROM t",
			"SELECT $1, a$b$ FROM t", "SELECT $1, a$b$ FROM t", nil},
		{"lone colons left alone", "SELECT arr[1:2], ':' , 1 :",
			"SELECT arr[1:2], ':' , 1 :", "SELECT arr[1:2], ':' , 1 :", nil},
		{"no parameters", "SELECT 1", "SELECT 1", "SELECT 1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for d, want := range map[Dialect]string{Postgres: tt.postgres, SQLite: tt.sqlite} {
				got, err := compile(tt.src, d)
				if err != nil {
					t.Fatalf("compile(%q, %s): %v", tt.src, d, err)
				}
				if got.text != want {
					t.Errorf("compile(%q, %s) text:\n got %q\nwant %q", tt.src, d, got.text, want)
				}
				if !reflect.DeepEqual(got.params, tt.wantParams) {
					t.Errorf("compile(%q, %s) params = %q, want %q", tt.src, d, got.params, tt.wantParams)
				}
			}
		})
	}
}

func TestCompileRejectsUnterminatedText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, wantErr string
	}{
		{"single quote", "SELECT 'abc", "unterminated ' quote"},
		{"double quote", `SELECT "abc`, `unterminated " quote`},
		{"block comment", "SELECT /* abc", "unterminated /* comment"},
		{"nested block comment", "SELECT /* /* */", "unterminated /* comment"},
		{"dollar quote", "SELECT $x$ abc $y$", "unterminated $x$ quote"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := compile(tt.src, Postgres)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("compile(%q) error = %v, want one containing %q", tt.src, err, tt.wantErr)
			}
		})
	}
}

func FuzzCompile(f *testing.F) {
	for _, seed := range []string{
		"SELECT * FROM t WHERE a = :a AND b = :b OR a = :a",
		"-- name: x\nSELECT ':no', \"x\"\"y\", E'\\'', $$ :no $$, :v::int /* :c /* */ */",
		"$tag$ unterminated", "'", "/*", ":", "::", ":_", "$1 $$ $",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		_, _ = parseFile("fuzz.sql", src)
		for _, d := range dialects {
			got, err := compile(src, d)
			if err != nil {
				continue
			}
			if !strings.Contains(src, ":") && got.text != src {
				t.Fatalf("compile(%q, %s) changed text without parameters: %q", src, d, got.text)
			}
			seen := map[string]bool{}
			for _, p := range got.params {
				if p == "" || seen[p] || !isNameStart(p[0]) {
					t.Fatalf("compile(%q, %s) params %q: want distinct names", src, d, got.params)
				}
				seen[p] = true
			}
			if again, _ := compile(src, d); again.text != got.text {
				t.Fatalf("compile(%q, %s) is not deterministic", src, d)
			}
		}
	})
}
