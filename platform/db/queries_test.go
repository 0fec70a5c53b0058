package db

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func file(text string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(text)} }

func TestLoadQueriesAppliesDialectOverrides(t *testing.T) {
	t.Parallel()
	set, err := LoadQueries(fstest.MapFS{
		"users/users.sql": file("-- the users' queries\n\n-- name: users.get\nSELECT name FROM users WHERE id = :id\n\n" +
			"--name:users.upsert\nINSERT INTO users (id, name) VALUES (:id, :name)\n  ON CONFLICT DO NOTHING;\n"),
		"users/users.postgres.sql": file("-- name: users.upsert\nINSERT INTO users (id, name) VALUES (:id, :name::text) ON CONFLICT (id) DO NOTHING\n"),
		"README.md":                file("not SQL, ignored"),
	})
	if err != nil {
		t.Fatalf("LoadQueries: %v", err)
	}
	tests := []struct {
		dialect  Dialect
		name     string
		args     Args
		wantText string
	}{
		{Postgres, "users.get", Args{"id": 1}, "SELECT name FROM users WHERE id = $1"},
		{SQLite, "users.get", Args{"id": 1}, "SELECT name FROM users WHERE id = ?1"},
		{Postgres, "users.upsert", Args{"id": 1, "name": "x"},
			"INSERT INTO users (id, name) VALUES ($1, $2::text) ON CONFLICT (id) DO NOTHING"},
		{SQLite, "users.upsert", Args{"id": 1, "name": "x"},
			"INSERT INTO users (id, name) VALUES (?1, ?2)\n  ON CONFLICT DO NOTHING;"},
	}
	for _, tt := range tests {
		text, _, err := set.bind(tt.dialect, tt.name, tt.args)
		if err != nil {
			t.Errorf("bind(%s, %s): %v", tt.dialect, tt.name, err)
			continue
		}
		if text != tt.wantText {
			t.Errorf("bind(%s, %s) text:\n got %q\nwant %q", tt.dialect, tt.name, text, tt.wantText)
		}
	}
}

func TestLoadQueriesReportsBadFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		files   fstest.MapFS
		wantErr []string
	}{
		{"SQL before the first name", fstest.MapFS{"a.sql": file("SELECT 1\n-- name: x\nSELECT 2")},
			[]string{"a.sql:1", "before the first"}},
		{"empty statement", fstest.MapFS{"a.sql": file("-- name: x\n\n-- name: y\nSELECT 1")},
			[]string{"a.sql:1", `"x" has no SQL`}},
		{"invalid name", fstest.MapFS{"a.sql": file("-- name: x/y\nSELECT 1")},
			[]string{"a.sql:1", `name "x/y" is invalid`}},
		{"missing name", fstest.MapFS{"a.sql": file("-- name:\nSELECT 1")},
			[]string{"a.sql:1", `name "" is invalid`}},
		{"duplicate across files", fstest.MapFS{"a.sql": file("-- name: x\nSELECT 1"), "b/b.sql": file("\n-- name: x\nSELECT 2")},
			[]string{"b/b.sql:2", `"x" is already defined at a.sql:1`}},
		{"one dialect only", fstest.MapFS{"a.sqlite.sql": file("-- name: x\nSELECT 1")},
			[]string{`"x" exists for sqlite only`, ".postgres.sql"}},
		{"unterminated quote", fstest.MapFS{"a.sql": file("-- name: x\nSELECT ':a")},
			[]string{"a.sql:1", `query "x"`, "unterminated"}},
		{"every problem at once", fstest.MapFS{"a.sql": file("-- name: x\n"), "b.sql": file("-- name: y\nSELECT 'a")},
			[]string{`"x" has no SQL`, `query "y"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := LoadQueries(tt.files)
			if err == nil {
				t.Fatal("LoadQueries succeeded, want an error")
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("LoadQueries error = %q, want it to contain %q", err, want)
				}
			}
		})
	}
}

func TestMustLoadQueriesPanicsOnBadFiles(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("MustLoadQueries did not panic on a bad file")
		}
	}()
	MustLoadQueries(fstest.MapFS{"a.sql": file("SELECT 1")})
}

func TestBindChecksArguments(t *testing.T) {
	t.Parallel()
	set := MustLoadQueries(fstest.MapFS{"a.sql": file("-- name: pair\nSELECT :a, :b, :a")})
	tests := []struct {
		name     string
		query    string
		args     Args
		wantArgs []any
		wantErr  string
	}{
		{"every parameter bound once", "pair", Args{"a": 1, "b": "two"}, []any{1, "two"}, ""},
		{"nil is a value", "pair", Args{"a": nil, "b": nil}, []any{nil, nil}, ""},
		{"missing argument", "pair", Args{"a": 1}, nil, `query "pair": missing argument :b`},
		{"missing arguments", "pair", nil, nil, "missing argument :a, :b"},
		{"extra argument", "pair", Args{"a": 1, "b": 2, "c": 3, "bb": 4}, nil, `unexpected argument "bb", "c"`},
		{"unknown name", "nope", Args{}, nil, `query "nope" is not defined`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, got, err := set.bind(SQLite, tt.query, tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("bind error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.wantArgs) {
				t.Fatalf("bind = %v, %v; want %v, nil", got, err, tt.wantArgs)
			}
		})
	}
}

func TestSQLiteFileIsDerivedFromThePath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path, context, want, wantErr string
	}{
		{path: "var/shop.db", context: "auth", want: "var/shop.auth.db"},
		{path: "/data/shop.sqlite3", context: "orders", want: "/data/shop.orders.sqlite3"},
		{path: "var/shop", context: "auth", want: "var/shop.auth.db"},
		{path: "//var/shop.db", context: "auth", want: "var/shop.auth.db"},
		{path: "", context: "auth", wantErr: "not usable"},
		{path: ":memory:", context: "auth", wantErr: "not usable"},
		{path: "var/shop.db?mode=ro", context: "auth", wantErr: "not usable"},
	}
	for _, tt := range tests {
		got, err := sqliteFile(tt.path, tt.context)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("sqliteFile(%q, %q) error = %v, want one containing %q", tt.path, tt.context, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("sqliteFile(%q, %q) = %q, %v; want %q", tt.path, tt.context, got, err, tt.want)
		}
	}
}
