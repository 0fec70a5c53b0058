package openapi_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var links = regexp.MustCompile(`(?:src|href)="([^"]*)"`)

func TestDocsPageLoadsOnlyItsOwnAssets(t *testing.T) {
	t.Parallel()
	e := serve(t, sampleRoutes())
	page := get(t, e, "/docs")
	html := body(t, page)
	if page.StatusCode != http.StatusOK || page.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("GET /docs: %d %q", page.StatusCode, page.Header.Get("Content-Type"))
	}
	csp := page.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self';", "connect-src 'self';", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(html, "<script>") || strings.Contains(csp, "unsafe-") {
		t.Errorf("inline scripts or unsafe script sources: page %s, CSP %q", html, csp)
	}
	found := links.FindAllStringSubmatch(html, -1)
	if len(found) != 4 { // icon, stylesheet, bundle, init
		t.Fatalf("the page links %d resources, want 4: %s", len(found), html)
	}
	for _, m := range found {
		url := m[1]
		if url == "data:," {
			continue
		}
		if !strings.HasPrefix(url, "/docs/") || strings.HasPrefix(url, "//") {
			t.Errorf("the page links %q, which is not a path of this server", url)
			continue
		}
		r := get(t, e, url)
		b := body(t, r)
		wantType := map[bool]string{true: "text/css; charset=utf-8", false: "text/javascript; charset=utf-8"}[strings.Contains(url, ".css")]
		if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != wantType || len(b) == 0 {
			t.Errorf("GET %s: %d %q, %d bytes; want 200 %q", url, r.StatusCode, r.Header.Get("Content-Type"), len(b), wantType)
		}
		if cc := r.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s (the linked version): Cache-Control %q, want it cached for good", url, cc)
		}
	}
	init := body(t, get(t, e, "/docs/init.js"))
	for _, want := range []string{`url: "/openapi.json"`, "persistAuthorization: true", "validatorUrl: null"} {
		if !strings.Contains(init, want) {
			t.Errorf("init.js lacks %s", want)
		}
	}
}

func TestDocsAssetsAreRevalidatedAndCompressed(t *testing.T) {
	t.Parallel()
	e := serve(t, sampleRoutes())
	for _, path := range []string{"/openapi.json", "/docs", "/docs/swagger-ui-bundle.js"} {
		first := get(t, e, path)
		plain := body(t, first)
		etag := first.Header.Get("ETag")
		if cc := first.Header.Get("Cache-Control"); cc != "no-cache" || etag == "" || first.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: Cache-Control %q, ETag %q, nosniff %q; want no-cache with an ETag", path, cc, etag, first.Header.Get("X-Content-Type-Options"))
		}
		if again := get(t, e, path, "If-None-Match", etag); again.StatusCode != http.StatusNotModified {
			t.Errorf("GET %s with its ETag: %d, want 304", path, again.StatusCode)
		}
		if len(plain) < 1024 {
			continue // not worth compressing
		}
		zipped := get(t, e, path, "Accept-Encoding", "br, gzip")
		if zipped.Header.Get("Content-Encoding") != "gzip" || zipped.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("GET %s accepting gzip: Content-Encoding %q, Vary %q", path, zipped.Header.Get("Content-Encoding"), zipped.Header.Get("Vary"))
			continue
		}
		zr, err := gzip.NewReader(zipped.Body)
		if err != nil {
			t.Fatal(err)
		}
		unzipped, err := io.ReadAll(zr)
		if err != nil || string(unzipped) != plain {
			t.Errorf("GET %s: the gzip body is not the plain one (%v)", path, err)
		}
	}
	if r := get(t, e, "/docs/swagger-ui.css", "Accept-Encoding", "gzip;q=0"); r.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 got Content-Encoding %q", r.Header.Get("Content-Encoding"))
	}
}
