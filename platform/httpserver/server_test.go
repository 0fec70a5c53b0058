package httpserver_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/modmono/platform/httpserver"
)

func TestNewHTTPServerSetsTimeouts(t *testing.T) {
	t.Parallel()
	srv := httpserver.New(httpserver.Config{Addr: ":9999", WriteTimeout: time.Minute}, http.NotFoundHandler())
	if srv.Addr != ":9999" || srv.WriteTimeout != time.Minute {
		t.Errorf("configured values not kept: %+v", srv)
	}
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.IdleTimeout <= 0 || srv.Handler == nil {
		t.Errorf("a timeout is unset: %+v", srv)
	}
}

func TestResponsesAreDatedOnceWithTheCurrentSecond(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(httpserver.New(httpserver.Config{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/undated" {
			w.Header()["Date"] = nil // net/http's way to send none, still honoured
		}
		_, _ = io.WriteString(w, "ok")
	})).Handler)
	t.Cleanup(srv.Close)
	get := func(path string) []string {
		t.Helper()
		resp, err := srv.Client().Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		return resp.Header.Values("Date")
	}
	if got := get("/undated"); len(got) != 0 {
		t.Errorf("Date = %v on a response that suppresses it", got)
	}
	// Then once more in the next second: the once-a-second value must move on.
	for i := range 2 {
		if i == 1 {
			time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 10*time.Millisecond)))
		}
		before := time.Now().Truncate(time.Second)
		dates := get("/")
		if len(dates) != 1 {
			t.Fatalf("Date = %v, want exactly one", dates)
		}
		at, err := http.ParseTime(dates[0])
		if err != nil || at.Before(before) || at.After(time.Now()) {
			t.Errorf("Date %q (%v), want the second of the request, %v or later", dates[0], err, before)
		}
	}
}
