package openapi

import (
	"bytes"
	"embed"
	"encoding/json"
	"html/template"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/modmono/platform/httpx"
)

//go:embed assets/index.html assets/init.js assets/swagger-ui-bundle.js assets/swagger-ui.css
var assets embed.FS

// Paths of the document and of the docs page with its assets.
const (
	DocumentPath = "/openapi.json"
	DocsPath     = "/docs"
)

// contentSecurityPolicy lets the docs page load its own scripts, styles and document and
// nothing else; its stylesheet draws icons from data: URIs. Swagger UI styles elements through
// the DOM, which style-src does not govern, so inline styles stay refused too (checked in
// headless Chromium: no violation with "Authorize" and "Try it out" used).
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// WithDocs returns routes followed by GET /openapi.json, the document of them all (its own
// routes included), and GET /docs, Swagger UI on that document, with the UI's assets; and the
// document, whose Undeclared the caller may want to report.
func WithDocs(info Info, routes []httpx.Route) ([]httpx.Route, *Document, error) {
	ui, err := uiAssets(info.Title)
	if err != nil {
		return nil, nil, err
	}
	var document *asset // served once built, which is before any request
	docRoutes := []httpx.Route{
		docRoute(http.MethodGet, DocumentPath, "getOpenAPIDocument", "This document: the OpenAPI 3.1 description of every route",
			"application/json", func() *asset { return document }, nil),
		docRoute(http.MethodGet, DocsPath, "getDocs", "Interactive documentation (Swagger UI) of this document",
			ui.page.contentType, func() *asset { return ui.page }, http.Header{"Content-Security-Policy": {contentSecurityPolicy}}),
	}
	for _, f := range ui.files {
		docRoutes = append(docRoutes, docRoute(http.MethodGet, f.path, f.operationID, "An asset of the documentation page",
			f.asset.contentType, func() *asset { return f.asset }, nil))
	}
	all := append(slices.Clip(routes), docRoutes...)
	if !slices.ContainsFunc(info.Tags, func(t Tag) bool { return t.Name == docsTag.Name }) {
		info.Tags = append(slices.Clip(info.Tags), docsTag)
	}
	doc, err := Build(info, all)
	if err != nil {
		return nil, nil, err
	}
	body, err := json.Marshal(doc)
	if err != nil {
		return nil, nil, err
	}
	document = newAsset(body, "application/json")
	return all, doc, nil
}

// docsTag groups the routes of the document and its page; it is described here unless the
// caller places it among its own tags.
var docsTag = Tag{Name: "docs", Description: "This document, and the Swagger UI page that shows it with its assets."}

func docRoute(method, path, id, summary, mediaType string, a func() *asset, extra http.Header) httpx.Route {
	return httpx.Route{
		Method: method, Path: path, Access: httpx.Public,
		Handler:     func(c echo.Context) error { return a().handler(extra)(c) },
		OperationID: id, Summary: summary, Tags: []string{docsTag.Name}, Status: http.StatusOK, MediaType: mediaType,
	}
}

type uiFile struct {
	path, operationID string
	asset             *asset
}

type ui struct {
	page  *asset
	files []uiFile
}

// uiAssets loads the embedded files and renders the page that links them by version.
func uiAssets(title string) (ui, error) {
	load := func(name, path, id, contentType string) (uiFile, error) {
		b, err := assets.ReadFile("assets/" + name)
		return uiFile{path: path, operationID: id, asset: newAsset(b, contentType)}, err
	}
	var u ui
	for _, f := range []struct{ name, id, contentType string }{
		{"swagger-ui-bundle.js", "getDocsBundle", "text/javascript; charset=utf-8"},
		{"swagger-ui.css", "getDocsStyles", "text/css; charset=utf-8"},
		{"init.js", "getDocsInit", "text/javascript; charset=utf-8"},
	} {
		file, err := load(f.name, DocsPath+"/"+f.name, f.id, f.contentType)
		if err != nil {
			return ui{}, err
		}
		u.files = append(u.files, file)
	}
	page, err := template.ParseFS(assets, "assets/index.html")
	if err != nil {
		return ui{}, err
	}
	var b bytes.Buffer
	err = page.Execute(&b, map[string]string{
		"Title":  title,
		"Bundle": u.files[0].asset.url(u.files[0].path),
		"CSS":    u.files[1].asset.url(u.files[1].path),
		"Init":   u.files[2].asset.url(u.files[2].path),
	})
	u.page = newAsset(b.Bytes(), "text/html; charset=utf-8")
	return u, err
}
