package readafter_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/db"
	"github.com/modmono/platform/dbtest"
	"github.com/modmono/platform/readafter"
)

// A commit's answer carries its position (and, on the admin panel's pages, a cookie with it);
// the next request that brings either back needs a replica at least that far.
func TestAnswersToWritesCarryThePositionBack(t *testing.T) {
	t.Parallel()
	// A replica that never answers: the write engine still records positions.
	engines := dbtest.OpenWith(t, db.Postgres, "orders", func(c *db.Config) {
		c.ReadURLs = []string{"postgres://postgres@127.0.0.1:1/none?sslmode=disable"}
	})
	tracker, err := readafter.New(readafter.Config{Key: strings.Repeat("k", 32)})
	if err != nil {
		t.Fatal(err)
	}
	e := echo.New()
	e.Use(tracker.Middleware)
	write := func(c echo.Context) error {
		ctx := c.Request().Context()
		if err := engines.Write.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, "SELECT 1")
			return err
		}); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
	var needed db.Position
	read := func(c echo.Context) error {
		ctx := c.Request().Context()
		needed = db.SessionFrom(ctx).Min(ctx)
		return c.NoContent(http.StatusOK)
	}
	e.POST("/api/v1/things", write)
	e.GET("/api/v1/things", read)
	e.POST("/admin/things", write)
	e.GET("/admin/things", read)
	serve := func(req *http.Request) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		return rec
	}

	api := serve(httptest.NewRequest(http.MethodPost, "/api/v1/things", nil))
	signed := api.Header().Get(readafter.Header)
	written := tracker.Verify(signed)
	if written == 0 || written == db.Unknown || api.Header().Get("Set-Cookie") != "" {
		t.Fatalf("API write: %s %q (Set-Cookie %q); want a signed position and no cookie", readafter.Header, signed, api.Header().Get("Set-Cookie"))
	}
	req := httptest.NewRequest(http.MethodGet, "/api/v1/things", nil)
	req.Header.Set(readafter.Header, signed)
	serve(req)
	if needed != written {
		t.Fatalf("a read with the header needs %v, want %v", needed, written)
	}
	serve(httptest.NewRequest(http.MethodGet, "/api/v1/things", nil))
	if needed != 0 {
		t.Fatalf("a read without it needs %v, want 0", needed)
	}
	if rec := serve(httptest.NewRequest(http.MethodGet, "/api/v1/things", nil)); rec.Header().Get(readafter.Header) != "" {
		t.Fatal("a read's answer carries a position")
	}

	panel := serve(httptest.NewRequest(http.MethodPost, "/admin/things", nil))
	cookies := panel.Result().Cookies()
	if len(cookies) != 1 || cookies[0].Name != readafter.Cookie || !cookies[0].HttpOnly {
		t.Fatalf("a panel write set cookies %v, want one HttpOnly %s", cookies, readafter.Cookie)
	}
	req = httptest.NewRequest(http.MethodGet, "/admin/things", nil)
	req.AddCookie(cookies[0])
	serve(req)
	if needed == 0 || needed != tracker.Verify(cookies[0].Value) {
		t.Fatalf("a panel read with the cookie needs %v, want its position", needed)
	}
}
